package fr.idnum.simulator.login;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * The browser tab the app opens for the login (RFC 8252): it keeps cookies, follows redirects while they stay
 * on the identity provider's origin, submits forms as a browser would, and stops at the first redirect that
 * leaves it — the one back to the app — which it reports without following. Public for the bench, whose
 * virtual citizens browse the same way (one tab each, on an HTTP client of theirs).
 */
public final class BrowserTab {

    private static final int MAX_REDIRECTS = 10;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** Where a navigation ended: a page of the identity provider, or a redirect away from it. */
    public record Navigation(HttpResponse<String> response, URI leftTo) {

        public boolean leftProvider() {
            return leftTo != null;
        }

        public Document page() {
            return Jsoup.parse(response.body(), response.uri().toString());
        }

        /** What the citizen would read on the page, for error messages. */
        public String visibleText() {
            return leftTo != null ? "redirected to " + leftTo : "HTTP " + response.statusCode() + ": " + page().text();
        }
    }

    private final URI origin;
    private final HttpClient http;

    /** @param provider any URL of the identity provider; its scheme, host and port make the origin to stay on */
    public BrowserTab(URI provider) {
        this(provider, newClient(new LoopbackCookieJar()));
    }

    /** A tab on {@code http}, which keeps its cookies ({@link #newClient}) and must not follow redirects itself. */
    public BrowserTab(URI provider, HttpClient http) {
        this.origin = originOf(provider);
        this.http = http;
    }

    /** An HTTP client as a tab needs it: {@code cookies}, no redirects followed by itself. */
    public static HttpClient newClient(LoopbackCookieJar cookies) {
        return HttpClient.newBuilder()
                .cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    public Navigation open(URI uri) {
        return follow(send(HttpRequest.newBuilder(uri).GET()));
    }

    /** Submits {@code form} with every input it has (as a browser would), overridden by {@code fields}. */
    public Navigation submit(Element form, Map<String, String> fields) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Element input : form.select("input[name]")) {
            String type = input.attr("type");
            boolean unchecked = (type.equals("checkbox") || type.equals("radio")) && !input.hasAttr("checked");
            if (!type.equals("submit") && !type.equals("button") && !type.equals("image") && !unchecked) {
                values.put(input.attr("name"), input.val());
            }
        }
        values.putAll(fields);
        String action = form.absUrl("action");
        URI target = URI.create(action.isEmpty() ? form.ownerDocument().location() : action);
        String body = values.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return follow(send(HttpRequest.newBuilder(target)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))));
    }

    /** What a page's script fetches: a GET asking for JSON, answered as is (no redirect followed). */
    public HttpResponse<String> fetch(URI uri) {
        return fetch(uri, TIMEOUT);
    }

    /**
     * The same, waiting up to {@code timeout} for the answer: for a question the server holds on purpose (the waiting
     * page's long-poll, up to ~25 s), which a browser's script waits for without a limit of its own.
     */
    public HttpResponse<String> fetch(URI uri, Duration timeout) {
        try {
            return http.send(HttpRequest.newBuilder(uri).header("Accept", "application/json").timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot reach " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while fetching " + uri, e);
        }
    }

    private Navigation follow(HttpResponse<String> response) {
        for (int i = 0; i < MAX_REDIRECTS; i++) {
            int status = response.statusCode();
            if (status < 300 || status >= 400 || response.headers().firstValue("Location").isEmpty()) {
                return new Navigation(response, null);
            }
            URI location = response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
            if (!origin.equals(originOf(location))) {
                return new Navigation(response, location);
            }
            response = send(HttpRequest.newBuilder(location).GET());
        }
        throw new IllegalStateException("More than " + MAX_REDIRECTS + " redirects on " + origin);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        HttpRequest built = request.header("Accept-Language", "fr").header("Accept", "text/html").timeout(TIMEOUT).build();
        try {
            return http.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot reach " + built.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while loading " + built.uri(), e);
        }
    }

    private static URI originOf(URI uri) {
        String scheme = Objects.toString(uri.getScheme(), "").toLowerCase(java.util.Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
        return URI.create(scheme + "://" + Objects.toString(uri.getHost(), "").toLowerCase(java.util.Locale.ROOT) + ":" + port);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
