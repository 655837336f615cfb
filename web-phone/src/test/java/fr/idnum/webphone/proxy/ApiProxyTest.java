package fr.idnum.webphone.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy between two real HTTP servers on loopback: an upstream that records what reaches it, and the proxy. */
class ApiProxyTest {

    private HttpServer upstream;
    private HttpServer proxy;
    private final List<String> received = new ArrayList<>();
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                synchronized (received) {
                    received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                            + new TreeMap<>(exchange.getRequestHeaders()) + " " + new String(body, StandardCharsets.UTF_8));
                }
                exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
                exchange.getResponseHeaders().set("Set-Cookie", "KEYCLOAK_SESSION=secret");
                exchange.getResponseHeaders().set("Retry-After", "30");
                exchange.getResponseHeaders().set("X-Internal", "node-1");
                byte[] answer = "{\"type\":\"https://idnum.example.fr/problems/wrong-pin\"}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(400, answer.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        });
        upstream.start();
        URI base = URI.create("http://127.0.0.1:" + upstream.getAddress().getPort());
        AllowList list = new AllowList(base.resolve("/realms/idnum"), base);
        proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ApiProxy handler = new ApiProxy(list, HttpClient.newHttpClient());
        proxy.createContext(AllowList.IDENTITY_PROVIDER_PREFIX, handler);
        proxy.createContext(AllowList.ENROLLMENT_PREFIX, handler);
        proxy.start();
    }

    @AfterEach
    void stop() {
        proxy.stop(0);
        upstream.stop(0);
    }

    private HttpRequest.Builder toProxy(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.getAddress().getPort() + pathAndQuery));
    }

    @Test
    void forwardsAnAllowedCallWithOnlyTheHeadersAnApiCallNeedsAndAnswersUnchangedButForCookies() throws Exception {
        HttpResponse<String> answer = client.send(toProxy("/idp/idnum/device/challenges/answer")
                .header("Content-Type", "application/jose")
                .header("Authorization", "Bearer token")
                .header("Cookie", "KEYCLOAK_IDENTITY=citizen")
                .header("Origin", "http://attacker.example")
                .header("X-Forwarded-For", "203.0.113.9")
                .POST(HttpRequest.BodyPublishers.ofString("eyJ.jws.sig")).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(400, answer.statusCode());
        assertEquals("{\"type\":\"https://idnum.example.fr/problems/wrong-pin\"}", answer.body());
        assertEquals("application/problem+json", answer.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("30", answer.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(answer.headers().firstValue("Set-Cookie").isEmpty(), "no cookie of the servers reaches the page");
        assertTrue(answer.headers().firstValue("X-Internal").isEmpty());

        assertEquals(1, received.size());
        String request = received.get(0);
        assertTrue(request.startsWith("POST /realms/idnum/idnum/device/challenges/answer "), request);
        assertTrue(request.contains("Content-type=[application/jose]") && request.contains("Authorization=[Bearer token]"), request);
        assertTrue(request.endsWith(" eyJ.jws.sig"), request);
        for (String header : List.of("Cookie", "Origin", "X-forwarded-for")) {
            assertFalse(request.contains(header + "="), header + " must not be forwarded: " + request);
        }
    }

    @Test
    void refusesWhatTheListDoesNotNameAndForwardsNothing() throws Exception {
        for (String path : List.of("/idp/protocol/openid-connect/userinfo", "/enrollment/api/v1/admin/enrollments",
                "/idp/idnum/device/../device/activation", "/enrollment/api/v1/enrollments/current?x=1")) {
            HttpResponse<String> answer = client.send(toProxy(path).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, answer.statusCode(), path);
        }
        assertTrue(received.isEmpty(), received.toString());
    }

    @Test
    void refusesABodyOverTheLimitUnforwarded() throws Exception {
        HttpResponse<String> answer = client.send(toProxy("/idp/idnum/device/activation")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[ApiProxy.MAX_BODY_BYTES + 1])).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, answer.statusCode());
        assertTrue(received.isEmpty());
    }
}
