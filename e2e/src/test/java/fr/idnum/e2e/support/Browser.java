package fr.idnum.e2e.support;

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
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import fr.idnum.simulator.login.LoopbackCookieJar;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A citizen's browser reduced to what the login pages need: it keeps cookies, follows redirects while they
 * stay on Keycloak, submits forms as a browser would, and stops at the first redirect that leaves
 * Keycloak (to a relying party), which it reports without following.
 */
public final class Browser {

    private static final int MAX_REDIRECTS = 10;

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** The address the browser is seen from, through the proxy's X-Forwarded-For; null: loopback, no header. */
    private final String sourceAddress;
    /** A host the requests claim to be for, through X-Forwarded-Host (an attacker's); null: none. */
    private final String forwardedHost;

    /**
     * A citizen's browser on a machine of its own: each browser gets its own address (private, since the realm
     * requires HTTPS from public ones and the test server speaks plain HTTP), so the limits per source address
     * count each test's sign-ins, as they count each citizen's in production, not the whole run's together.
     */
    public Browser() {
        this(randomPrivateAddress());
    }

    /**
     * A browser seen from the loopback address (no X-Forwarded-For), for the framework's event assertions, which
     * expect it; its sign-ins count in the loopback's limit, shared with the Selenium tests.
     */
    public static Browser fromLoopback() {
        return new Browser(null, null);
    }

    public static String randomPrivateAddress() {
        return "10." + RANDOM.nextInt(256) + "." + RANDOM.nextInt(256) + "." + (1 + RANDOM.nextInt(254));
    }

    /** A browser on another machine, as the reverse proxy in front of Keycloak reports it. */
    public Browser(String sourceAddress) {
        this(sourceAddress, null);
    }

    private Browser(String sourceAddress, String forwardedHost) {
        this.sourceAddress = sourceAddress;
        this.forwardedHost = forwardedHost;
    }

    /**
     * A browser whose every request says, through X-Forwarded-Host, that it is for {@code host}: Keycloak then
     * writes that host in its pages and redirects, which this browser sends back to the real server.
     */
    public static Browser claimingHost(String host) {
        return new Browser(randomPrivateAddress(), host);
    }

    private final LoopbackCookieJar cookies = new LoopbackCookieJar();
    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    /** One answer on a navigation's way: its status and how long it took, from the request sent to the body read. */
    public record Hop(int status, long nanos) {
    }

    /**
     * Where a navigation ended: a Keycloak page, or a redirect away from Keycloak; {@code hops}: every answer on the
     * way, the redirects followed then the last one.
     */
    public record Result(HttpResponse<String> response, URI leftTo, List<Hop> hops) {

        public boolean leftKeycloak() {
            return leftTo != null;
        }

        public int status() {
            return response.statusCode();
        }

        public Document page() {
            if (leftTo != null) {
                throw new IllegalStateException("Navigation left Keycloak for " + leftTo);
            }
            return Jsoup.parse(response.body(), response.uri().toString());
        }

        /** Parameters of the redirect that left Keycloak (code, state, error...), from its query or fragment. */
        public Map<String, String> redirectParameters() {
            if (leftTo == null) {
                throw new IllegalStateException("Navigation stayed on Keycloak: HTTP " + response.statusCode()
                        + "\n" + Jsoup.parse(response.body()).text());
            }
            Map<String, String> parameters = QueryString.parse(leftTo.getRawQuery());
            parameters.putAll(QueryString.parse(leftTo.getRawFragment()));
            return parameters;
        }
    }

    /** The {@code Cookie} header this browser would send to {@code uri} (empty when none). */
    public String cookieHeader(URI uri) {
        return cookies.get(uri, Map.of()).getOrDefault("Cookie", List.of("")).get(0);
    }

    /** A plain GET with this browser's cookies, as a page's script makes it (no redirect followed). */
    public HttpResponse<String> fetch(URI uri) {
        return send(HttpRequest.newBuilder(toServer(uri)).GET());
    }

    /**
     * The same GET sent without waiting for its answer, as a page's script does: many of them can be outstanding at
     * once (long-polls), on as many connections.
     */
    public java.util.concurrent.CompletableFuture<HttpResponse<String>> fetchAsync(URI uri) {
        return http.sendAsync(withHeaders(HttpRequest.newBuilder(toServer(uri)).GET()).build(), HttpResponse.BodyHandlers.ofString());
    }

    public Result open(URI uri) {
        return follow(HttpRequest.newBuilder(uri).GET());
    }

    /** Fills the form matched by {@code selector} on {@code page} and submits it, as a browser would. */
    public Result submit(Document page, String selector, Map<String, String> fields) {
        Element form = page.selectFirst(selector);
        if (form == null) {
            throw new AssertionError("No form '" + selector + "' on page:\n" + page.text());
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Element input : form.select("input[name]")) {
            String type = input.attr("type");
            if (!type.equals("submit") && !type.equals("button") && !(type.equals("checkbox") && !input.hasAttr("checked"))) {
                values.put(input.attr("name"), input.val());
            }
        }
        values.putAll(fields);
        URI action = toServer(URI.create(form.absUrl("action")));
        String body = values.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return follow(HttpRequest.newBuilder(action)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private Result follow(HttpRequest.Builder first) {
        List<Hop> hops = new java.util.ArrayList<>();
        HttpRequest.Builder request = first;
        for (int i = 0; i < MAX_REDIRECTS; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = send(request);
            int status = response.statusCode();
            hops.add(new Hop(status, System.nanoTime() - start));
            if (status < 300 || status >= 400) {
                return new Result(response, null, List.copyOf(hops));
            }
            URI location = toServer(response.uri().resolve(response.headers().firstValue("Location").orElseThrow()));
            if (!location.toString().startsWith(TestEnvironment.KEYCLOAK + "/")) {
                return new Result(response, location, List.copyOf(hops));
            }
            request = HttpRequest.newBuilder(location).GET();
        }
        throw new AssertionError("Too many redirects");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(withHeaders(request).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder withHeaders(HttpRequest.Builder request) {
        if (sourceAddress != null) {
            request.header("X-Forwarded-For", sourceAddress);
        }
        if (forwardedHost != null) {
            request.header("X-Forwarded-Host", forwardedHost);
        }
        return request.header("Accept-Language", "fr").timeout(Duration.ofSeconds(30));
    }

    /** A URL Keycloak wrote with the claimed host, sent to the real server instead. */
    private URI toServer(URI uri) {
        String claimed = "http://" + forwardedHost;
        return forwardedHost != null && uri.toString().startsWith(claimed + "/")
                ? URI.create(TestEnvironment.KEYCLOAK + uri.toString().substring(claimed.length())) : uri;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
