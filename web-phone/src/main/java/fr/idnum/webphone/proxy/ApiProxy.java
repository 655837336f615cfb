package fr.idnum.webphone.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * Forwards the page's allowed calls ({@link AllowList}) to the realm or the enrollment service and sends their answer
 * back unchanged, so the page talks to one origin and neither server needs CORS. Only the headers an API call needs
 * cross, in either direction: no cookie, no {@code Origin}, no forwarding header goes up, no {@code Set-Cookie} comes
 * down. Anything not on the list is 404, a body over {@value #MAX_BODY_BYTES} bytes 413. Nothing of a request or an
 * answer is logged but its method, path and status.
 */
public final class ApiProxy implements HttpHandler {

    /** Above the device API's own limit (16 KiB) and any enrollment body. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    static final List<String> REQUEST_HEADERS = List.of("Content-Type", "Accept", "Authorization");
    static final List<String> RESPONSE_HEADERS = List.of("Content-Type", "Cache-Control", "Retry-After", "WWW-Authenticate",
            "Location", "Date");

    private static final System.Logger LOG = System.getLogger(ApiProxy.class.getName());
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final AllowList allowList;
    private final HttpClient http;

    public ApiProxy(AllowList allowList, HttpClient http) {
        this.allowList = allowList;
        this.http = http;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            Optional<URI> target = exchange.getRequestURI().getRawQuery() == null ? allowList.target(method, path) : Optional.empty();
            if (target.isEmpty()) {
                LOG.log(Level.WARNING, "Refused {0} {1}: not a call of the phone app", method, path);
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = readBody(exchange.getRequestBody());
            if (body == null) {
                exchange.sendResponseHeaders(413, -1);
                return;
            }
            forward(exchange, method, target.get(), body);
        }
    }

    private void forward(HttpExchange exchange, String method, URI target, byte[] body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(TIMEOUT)
                .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (String name : REQUEST_HEADERS) {
            String value = exchange.getRequestHeaders().getFirst(name);
            if (value != null) {
                request.header(name, value);
            }
        }
        HttpResponse<byte[]> answer;
        try {
            answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            LOG.log(Level.WARNING, "{0} {1} could not be forwarded: {2}", method, target.getPath(), e.toString());
            exchange.getResponseHeaders().set("Retry-After", "5");
            exchange.sendResponseHeaders(502, -1);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(503, -1);
            return;
        }
        LOG.log(Level.DEBUG, "{0} {1} -> {2}", method, target.getPath(), answer.statusCode());
        for (String name : RESPONSE_HEADERS) {
            answer.headers().firstValue(name).ifPresent(value -> exchange.getResponseHeaders().set(name, value));
        }
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        byte[] content = answer.body();
        boolean empty = content.length == 0 || answer.statusCode() == 204 || answer.statusCode() == 304;
        exchange.sendResponseHeaders(answer.statusCode(), empty ? -1 : content.length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(content);
            }
        }
    }

    /** The body, or null when it is larger than allowed (the rest is not read). */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        return body.length > MAX_BODY_BYTES ? null : body;
    }
}
