package fr.idnum.e2e.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;

/** A relying party's JWKS whose keys the test replaces, as a client rotating its keys behind one URL. */
public final class RotatingJwks implements AutoCloseable {

    private final HttpServer server;
    private volatile byte[] published = new JWKSet().toString(true).getBytes(StandardCharsets.UTF_8);
    private volatile boolean down;
    private final AtomicInteger requests = new AtomicInteger();

    public RotatingJwks() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/jwks", exchange -> {
            requests.incrementAndGet();
            if (down) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            byte[] body = published;
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** From now on the JWKS holds exactly these keys (their public parts). */
    public void publish(JWK... keys) {
        down = false;
        published = new JWKSet(List.of(keys)).toPublicJWKSet().toString(true).getBytes(StandardCharsets.UTF_8);
    }

    /** From now on every request is answered 503 with no body (the client's JWKS is down), until {@link #publish}. */
    public void goDown() {
        down = true;
    }

    /** How many times the JWKS was asked for, answered or not. */
    public int requests() {
        return requests.get();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
