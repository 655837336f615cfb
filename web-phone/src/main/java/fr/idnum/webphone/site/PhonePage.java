package fr.idnum.webphone.site;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import fr.idnum.webphone.WebPhoneSettings;

/**
 * The page and its files: {@code GET /} and the redirect URI's path (the same page, which finishes the sign-in),
 * {@code GET /config.json} (the issuer, the client, the redirect URI), and a fixed list of scripts and styles under
 * {@code /assets/}. The page runs under a strict policy: scripts, styles and calls from this origin only, no inline
 * script or style, never framed, no form posted anywhere.
 */
public final class PhonePage implements HttpHandler {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final Map<String, String> ASSETS = Map.of(
            "/assets/app.js", "text/javascript",
            "/assets/jose.js", "text/javascript",
            "/assets/api.js", "text/javascript",
            "/assets/store.js", "text/javascript",
            "/assets/messages.js", "text/javascript",
            "/assets/enrollment.js", "text/javascript",
            "/assets/phone.css", "text/css");

    private final WebPhoneSettings settings;
    private final byte[] page;
    private final byte[] config;

    public PhonePage(WebPhoneSettings settings) {
        this.settings = settings;
        this.page = resource("index.html");
        this.config = ("{\"issuer\":" + json(settings.issuer().toString())
                + ",\"clientId\":\"idnum-app\""
                + ",\"redirectUri\":" + json(settings.redirectUri().toString())
                + ",\"smsOutbox\":" + json(settings.enrollmentUrl().resolve("/api/v1/demo/outbox/sms").toString())
                + "}").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
            } else if (path.equals("/") || path.equals(settings.redirectUri().getRawPath())) {
                send(exchange, "text/html; charset=utf-8", page);
            } else if (path.equals("/config.json")) {
                send(exchange, "application/json", config);
            } else if (ASSETS.containsKey(path)) {
                send(exchange, ASSETS.get(path) + "; charset=utf-8", resource(path.substring("/assets/".length())));
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    private static void send(HttpExchange exchange, String type, byte[] body) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", type);
        headers.set("Cache-Control", "no-store");
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("X-Content-Type-Options", "nosniff");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(200, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = PhonePage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String json(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
