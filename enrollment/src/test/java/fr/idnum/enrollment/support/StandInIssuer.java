package fr.idnum.enrollment.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for Keycloak's realm as an OpenID provider, on a free loopback port, for tests that point the service
 * at it through discovery as production does: the discovery document names {@code <issuer>/certs} as the JWKS and
 * {@code <issuer>/introspect} as the introspection endpoint; the test answers the endpoints it needs.
 */
public final class StandInIssuer {

    private static final String REALM_PATH = "/realms/idnum";

    private final HttpServer server;
    private final String issuer;

    private StandInIssuer(HttpServer server) {
        this.server = server;
        this.issuer = "http://127.0.0.1:" + server.getAddress().getPort() + REALM_PATH;
        server.createContext(REALM_PATH + "/.well-known/openid-configuration", exchange -> json(exchange,
                "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/certs\",\"token_endpoint\":\"" + issuer
                        + "/token\",\"introspection_endpoint\":\"" + issuer + "/introspect\"}"));
    }

    /** Listening, each request on its own thread (an endpoint may take its time without holding the others). */
    public static StandInIssuer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newCachedThreadPool());
            StandInIssuer standIn = new StandInIssuer(server);
            server.start();
            return standIn;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The issuer URL, e.g. {@code http://127.0.0.1:41234/realms/idnum}: the service's {@code auth-server-url}. */
    public String url() {
        return issuer;
    }

    /** Answers {@code <issuer>/<endpoint>} (e.g. {@code certs}) with {@code handler}. */
    public StandInIssuer answer(String endpoint, HttpHandler handler) {
        server.createContext(REALM_PATH + "/" + endpoint, handler);
        return this;
    }

    public void stop() {
        server.stop(0);
    }

    /** A 200 JSON answer. */
    public static void json(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
