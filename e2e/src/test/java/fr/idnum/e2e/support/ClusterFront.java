package fr.idnum.e2e.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The load balancer in front of the two Keycloak nodes of the cluster test, reduced to what the test needs to decide:
 * every request of the citizen's browser (and of the relying party, and of the enrollment service) goes to the
 * browser's node, every request of the phone (the device API) to the phone's node, and a node that no longer answers
 * is left for the other one, as a load balancer's health check would. No sticky sessions: the browser and the phone
 * of one sign-in reach different nodes whenever the test says so.
 *
 * <p>It also keeps the last signed request the phone sent to each device API path, so that a test can replay it
 * byte for byte through the other node.
 */
public final class ClusterFront implements AutoCloseable {

    /** Where the phone's requests go. */
    public enum PhoneRoute { BROWSER_NODE, OTHER_NODE, ALTERNATE }

    /** A request as the phone sent it, for a replay. */
    public record Recorded(String method, String path, Map<String, List<String>> headers, byte[] body) {
    }

    static final String DEVICE_PATH = "/idnum/device/";
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "keep-alive", "transfer-encoding", "te", "trailer", "proxy-connection", "http2-settings");

    private final List<String> nodes;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "cluster-front");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final AtomicInteger browserNode = new AtomicInteger();
    private final AtomicReference<PhoneRoute> phoneRoute = new AtomicReference<>(PhoneRoute.OTHER_NODE);
    private final AtomicInteger alternation = new AtomicInteger();
    private final AtomicInteger[] deviceRequestsServed;
    private final AtomicInteger[] inFlight;
    private final Map<String, Recorded> lastDeviceRequest = new ConcurrentHashMap<>();
    private final Set<Integer> down = ConcurrentHashMap.newKeySet();
    private final List<String> serverErrors = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Listens on {@code port} (loopback) in front of {@code nodes} (base URLs such as {@code http://127.0.0.1:8180}). */
    public ClusterFront(int port, List<String> nodes) {
        this.nodes = List.copyOf(nodes);
        this.deviceRequestsServed = new AtomicInteger[nodes.size()];
        this.inFlight = new AtomicInteger[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            deviceRequestsServed[i] = new AtomicInteger();
            inFlight[i] = new AtomicInteger();
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        } catch (IOException e) {
            throw new UncheckedIOException("The cluster's front needs port " + port, e);
        }
        server.createContext("/", this::forward);
        server.setExecutor(threads);
        server.start();
    }

    /** The browser's requests go to node {@code index} (0: A, 1: B). */
    public void browserOn(int index) {
        browserNode.set(index);
    }

    public void phone(PhoneRoute route) {
        phoneRoute.set(route);
    }

    /** Device API requests each node answered so far. */
    public int deviceRequestsServedBy(int index) {
        return deviceRequestsServed[index].get();
    }

    /** The last request the phone sent to a device API path ending with {@code suffix}, e.g. {@code challenges/pending}. */
    public Recorded lastDeviceRequest(String suffix) {
        return lastDeviceRequest.entrySet().stream().filter(e -> e.getKey().endsWith(suffix)).map(Map.Entry::getValue)
                .findFirst().orElseThrow(() -> new AssertionError("the phone sent no request to " + suffix));
    }

    /** Requests node {@code index} has been sent and has not answered yet (a held status request is one). */
    public int inFlight(int index) {
        return inFlight[index].get();
    }

    /** Every 5xx a client got through the front so far (a node's, or the front's 502), as "status method path". */
    public List<String> serverErrors() {
        return List.copyOf(serverErrors);
    }

    /** Sends a recorded request again, byte for byte, straight to node {@code index}. */
    public HttpResponse<String> replay(Recorded request, int index) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(nodes.get(index) + request.path()))
                .timeout(Duration.ofSeconds(30))
                .method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()));
        copyHeaders(request.headers(), builder);
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void forward(HttpExchange exchange) {
        try {
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            String pathAndQuery = query == null ? path : path + "?" + query;
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            boolean device = path.contains(DEVICE_PATH);
            if (device) {
                lastDeviceRequest.put(path, new Recorded(exchange.getRequestMethod(), pathAndQuery,
                        Map.copyOf(exchange.getRequestHeaders()), body));
            }
            int first = healthy(device ? phoneNode() : browserNode.get());
            HttpResponse<byte[]> response;
            int served = first;
            try {
                response = send(exchange, first, pathAndQuery, body);
            } catch (IOException failed) {
                // As a load balancer does (nginx's proxy_next_upstream): the other node, when this one refused the
                // connection, or when it failed a request that is safe to send twice.
                boolean idempotent = "GET".equals(exchange.getRequestMethod()) || "HEAD".equals(exchange.getRequestMethod());
                if (!(failed instanceof ConnectException) && !idempotent) {
                    throw failed;
                }
                served = (first + 1) % nodes.size();
                response = send(exchange, served, pathAndQuery, body);
            }
            if (device) {
                deviceRequestsServed[served].incrementAndGet();
            }
            response.headers().map().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            if (response.statusCode() >= 500) {
                serverErrors.add(response.statusCode() + " " + exchange.getRequestMethod() + " " + path);
            }
            byte[] answer = response.body();
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        } catch (IOException e) {
            // Both nodes down, or the node died while answering: what a load balancer answers then.
            badGateway(exchange);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            badGateway(exchange);
        } finally {
            exchange.close();
        }
    }

    private void badGateway(HttpExchange exchange) {
        serverErrors.add("502 " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath());
        try {
            exchange.sendResponseHeaders(502, -1);
        } catch (IOException | IllegalStateException alreadyAnswered) {
            // The answer had begun: the client sees the connection close.
        }
    }

    /** Takes node {@code index} out of the rotation, as a failed health check does. */
    public void markDown(int index) {
        down.add(index);
    }

    public void markUp(int index) {
        down.remove(index);
    }

    private int healthy(int index) {
        return down.contains(index) ? (index + 1) % nodes.size() : index;
    }

    private int phoneNode() {
        return switch (phoneRoute.get()) {
            case BROWSER_NODE -> browserNode.get();
            case OTHER_NODE -> (browserNode.get() + 1) % nodes.size();
            case ALTERNATE -> alternation.getAndIncrement() % nodes.size();
        };
    }

    private HttpResponse<byte[]> send(HttpExchange exchange, int node, String pathAndQuery, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(nodes.get(node) + pathAndQuery))
                .timeout(Duration.ofSeconds(90))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        copyHeaders(exchange.getRequestHeaders(), builder);
        inFlight[node].incrementAndGet();
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } finally {
            inFlight[node].decrementAndGet();
        }
    }

    private static void copyHeaders(Map<String, List<String>> headers, HttpRequest.Builder builder) {
        headers.forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> builder.header(name, value));
            }
        });
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
