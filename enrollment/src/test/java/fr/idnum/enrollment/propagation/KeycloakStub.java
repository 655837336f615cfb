package fr.idnum.enrollment.propagation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Plays Keycloak on 127.0.0.1 for the propagation: the realm's token endpoint (client credentials of
 * {@code idnum-enrollment}) and our providers' status endpoint, over users and their credentials as Keycloak
 * would change them. It records every request, in order, and can be made unavailable (HTTP 503) or unreachable
 * (nothing listening).
 */
public class KeycloakStub implements QuarkusTestResourceLifecycleManager {

    static final String REALM = "idnum";
    static final String CLIENT_ID = "idnum-enrollment";
    static final String CLIENT_SECRET = "test-enrollment-client-secret";
    static final String TOKEN_PATH = "/realms/" + REALM + "/protocol/openid-connect/token";
    static final String STATUS_PATH = "/realms/" + REALM + "/idnum/enrollment-status/";
    /** What Keycloak removes from the user when asked to erase the identity it copied at activation. */
    static final List<String> IDENTITY_ATTRIBUTES = List.of(
            "given_names", "birth_family_name", "usage_name", "gender", "birthdate", "birthplace", "birthcountry");

    /** How the stub answers. */
    enum Mode { UP, UNAVAILABLE, UNREACHABLE }

    /** A request as the stub received it; {@code seq} orders all requests. */
    record Received(int seq, String method, String path, String authorization, String body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern USER = Pattern.compile("^" + Pattern.quote(STATUS_PATH) + "([^/]+)$");
    private static volatile KeycloakStub running;

    private HttpServer server;
    private java.util.concurrent.ExecutorService executor;
    private int port;
    private final AtomicInteger seq = new AtomicInteger();
    private final AtomicInteger tokens = new AtomicInteger();
    private final Map<String, String> issued = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, ObjectNode> users = new ConcurrentHashMap<>();
    private final Map<String, List<ObjectNode>> credentials = new ConcurrentHashMap<>();
    private volatile Mode mode = Mode.UP;
    private volatile long delayMillis;

    /** The stub of this test run. */
    static KeycloakStub stub() {
        return running;
    }

    @Override
    public Map<String, String> start() {
        listen(0);
        running = this;
        String base = "http://127.0.0.1:" + port;
        return Map.of(
                "idnum.keycloak.url", base,
                "idnum.keycloak.realm", REALM,
                "idnum.keycloak.issuer", base + "/realms/" + REALM,
                "idnum.keycloak.client-secret", CLIENT_SECRET);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    // --- What the tests set up and look at -----------------------------------------------------------------------

    /** UNREACHABLE closes the listening socket (connection refused); leaving it listens again on the same port. */
    synchronized void mode(Mode next) {
        if (next == Mode.UNREACHABLE && mode != Mode.UNREACHABLE) {
            server.stop(0);
            executor.shutdownNow();
        } else if (next != Mode.UNREACHABLE && mode == Mode.UNREACHABLE) {
            listen(port);
        }
        this.mode = next;
    }

    private void listen(int on) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", on), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        port = server.getAddress().getPort();
    }

    void delay(long millis) {
        this.delayMillis = millis;
    }

    /** A user with these attributes (every value a one-element list). */
    void addUser(String id, Map<String, String> attributes) {
        ObjectNode user = JSON.createObjectNode().put("id", id).put("username", "user-" + id).put("enabled", true);
        ObjectNode attrs = user.putObject("attributes");
        attributes.forEach((name, value) -> attrs.putArray(name).add(value));
        users.put(id, user);
        credentials.put(id, new CopyOnWriteArrayList<>());
    }

    void addCredential(String userId, String credentialId, String type) {
        credentials.get(userId).add(JSON.createObjectNode().put("id", credentialId).put("type", type)
                .put("userLabel", type + " " + credentialId).put("createdDate", 1700000000000L));
    }

    /** The user's attribute as Keycloak now holds it, or null. */
    String attribute(String userId, String name) {
        JsonNode values = users.get(userId).path("attributes").path(name);
        return values.isArray() && !values.isEmpty() ? values.get(0).asText() : null;
    }

    List<String> credentialTypes(String userId) {
        return credentials.get(userId).stream().map(c -> c.get("id").asText() + ":" + c.get("type").asText()).toList();
    }

    int requestCount() {
        return received.size();
    }

    /** The requests received since {@code from} (a {@link #requestCount()}) for the token or about this user. */
    List<Received> since(int from, String userId) {
        List<Received> all = new ArrayList<>(received);
        return all.subList(Math.min(from, all.size()), all.size()).stream()
                .filter(r -> r.path().equals(TOKEN_PATH) || r.path().startsWith(STATUS_PATH + userId))
                .toList();
    }

    List<Received> about(String userId) {
        return received.stream().filter(r -> r.path().startsWith(STATUS_PATH + userId)).toList();
    }

    // --- Keycloak --------------------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getRawPath();
            received.add(new Received(seq.incrementAndGet(), exchange.getRequestMethod(), path,
                    exchange.getRequestHeaders().getFirst("Authorization"), body));
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            if (mode == Mode.UNAVAILABLE) {
                reply(exchange, 503, "{\"error\":\"unavailable\"}");
                return;
            }
            if (path.equals(TOKEN_PATH) && exchange.getRequestMethod().equals("POST")) {
                token(exchange, body);
                return;
            }
            Matcher user = USER.matcher(path);
            if (!user.matches()) {
                reply(exchange, 404, "{\"error\":\"Not found\"}");
                return;
            }
            String bearer = exchange.getRequestHeaders().getFirst("Authorization");
            if (bearer == null || !bearer.startsWith("Bearer ") || !issued.containsKey(bearer.substring(7))) {
                reply(exchange, 401, "{\"error\":\"HTTP 401 Unauthorized\"}");
                return;
            }
            String id = URLDecoder.decode(user.group(1), StandardCharsets.UTF_8);
            if (!users.containsKey(id)) {
                reply(exchange, 404, "{\"error\":\"User not found\"}");
                return;
            }
            statusEndpoint(exchange, id, body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void token(HttpExchange exchange, String body) throws IOException {
        Map<String, String> form = new ConcurrentHashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv.length == 2) {
                form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
        }
        if (!"client_credentials".equals(form.get("grant_type")) || !CLIENT_ID.equals(form.get("client_id"))
                || !CLIENT_SECRET.equals(form.get("client_secret"))) {
            reply(exchange, 401, "{\"error\":\"unauthorized_client\"}");
            return;
        }
        String token = "stub-token-" + tokens.incrementAndGet();
        issued.put(token, CLIENT_ID);
        reply(exchange, 200, "{\"access_token\":\"" + token + "\",\"expires_in\":300,\"token_type\":\"Bearer\",\"scope\":\"profile email\"}");
    }

    /** As the providers' EnrollmentStatusUpdate: the status attribute, then the phones and the identity if asked. */
    private void statusEndpoint(HttpExchange exchange, String id, String body) throws IOException {
        if (!exchange.getRequestMethod().equals("PUT")) {
            reply(exchange, 405, "{}");
            return;
        }
        JsonNode sent = JSON.readTree(body);
        if (!sent.path("status").isTextual() || !sent.path("remove_devices").isBoolean() || !sent.path("erase_identity").isBoolean()) {
            reply(exchange, 400, "{\"type\":\"invalid-request\"}");
            return;
        }
        ObjectNode attributes = (ObjectNode) users.get(id).get("attributes");
        attributes.putArray(KeycloakAdminClient.STATUS_ATTRIBUTE).add(sent.get("status").asText());
        if (sent.get("erase_identity").asBoolean()) {
            IDENTITY_ATTRIBUTES.forEach(attributes::remove);
        }
        if (sent.get("remove_devices").asBoolean()) {
            credentials.get(id).removeIf(c -> KeycloakAdminClient.DEVICE_CREDENTIAL_TYPE.equals(c.get("type").asText()));
        }
        reply(exchange, 204, null);
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
