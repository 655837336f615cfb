package fr.idnum.enrollment.messaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Plays Google for firebase-admin on 127.0.0.1: the OAuth token endpoint named in a throwaway service
 * account key, and FCM's HTTP v1 send endpoint. It records what it receives and answers from a script.
 */
final class FcmStub implements AutoCloseable {

    static final String PROJECT = "idnum-test";
    static final String ACCESS_TOKEN = "stub-access-token";
    static final String SEND_PATH = "/v1/projects/" + PROJECT + "/messages:send";

    /** A request as the stub received it. */
    record Received(String method, String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name))
                    .map(h -> h.getValue().get(0)).findFirst().orElse(null);
        }
    }

    /** What the send endpoint answers next; after {@code delayMillis} (a hang, when longer than the client waits). */
    record Answer(int status, String body, Map<String, String> headers, long delayMillis) {
        Answer(int status, String body, Map<String, String> headers) {
            this(status, body, headers, 0);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<Received> tokenRequests = new CopyOnWriteArrayList<>();
    private final List<Received> sendRequests = new CopyOnWriteArrayList<>();
    private final List<URL> requestedUrls = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();

    FcmStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", exchange -> {
            tokenRequests.add(read(exchange));
            reply(exchange, new Answer(200, "{\"access_token\":\"" + ACCESS_TOKEN + "\",\"expires_in\":3600,\"token_type\":\"Bearer\"}", Map.of()));
        });
        server.createContext("/v1/", exchange -> {
            sendRequests.add(read(exchange));
            Answer next = answers.poll();
            if (next != null && next.delayMillis() > 0) {
                try {
                    Thread.sleep(next.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            reply(exchange, next != null ? next
                    : new Answer(200, "{\"name\":\"projects/" + PROJECT + "/messages/0:1700000000000000%abc\"}", Map.of()));
        });
        // One thread per request: a hanging answer must not hold the retries behind it.
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "fcm-stub");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    void answer(int status, String body, Map<String, String> headers) {
        answers.add(new Answer(status, body, headers));
    }

    /** The next send is answered only after {@code delay} (200 then, if anyone still listens). */
    void hang(java.time.Duration delay) {
        answers.add(new Answer(200, "{\"name\":\"projects/" + PROJECT + "/messages/0:late\"}", Map.of(), delay.toMillis()));
    }

    /** FCM's error body: a platform status and, in the details, the FCM error code. */
    void answerFcmError(int status, String platformStatus, String fcmErrorCode, Map<String, String> headers) {
        answer(status, "{\"error\":{\"code\":" + status + ",\"message\":\"stub says " + fcmErrorCode + "\",\"status\":\""
                + platformStatus + "\",\"details\":[{\"@type\":\"type.googleapis.com/google.firebase.fcm.v1.FcmError\","
                + "\"errorCode\":\"" + fcmErrorCode + "\"}]}}", headers);
    }

    List<Received> sendRequests() {
        return sendRequests;
    }

    List<Received> tokenRequests() {
        return tokenRequests;
    }

    /** The URLs firebase-admin asked for, before they were aimed at this stub. */
    List<URL> requestedUrls() {
        return requestedUrls;
    }

    /** firebase-admin's transport, with every connection diverted here whatever host it names. */
    HttpTransport transport() {
        return new NetHttpTransport.Builder().setConnectionFactory(url -> {
            requestedUrls.add(url);
            return (HttpURLConnection) new URL("http", "127.0.0.1", port(), url.getFile()).openConnection();
        }).build();
    }

    /** A throwaway service account key (fresh RSA key) whose token URI is this stub. */
    Path serviceAccountFile(Path folder) throws IOException {
        String pem;
        try {
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048);
            pem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(rsa.generateKeyPair().getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> key = Map.of(
                "type", "service_account",
                "project_id", PROJECT,
                "private_key_id", "stub-key-1",
                "private_key", pem,
                "client_email", "push@" + PROJECT + ".iam.gserviceaccount.com",
                "client_id", "100000000000000000001",
                "token_uri", "http://127.0.0.1:" + port() + "/token");
        Path file = folder.resolve("service-account.json");
        Files.writeString(file, JSON.writeValueAsString(key));
        return file;
    }

    private static Received read(HttpExchange exchange) {
        try {
            return new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()), new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void reply(HttpExchange exchange, Answer answer) throws IOException {
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        answer.headers().forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(answer.status(), body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
