package fr.idnum.simulator.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * The app's API calls (realm metadata, token endpoint, enrollment service, device API): plain HTTP without
 * cookies, redirects or retries, so every test sees exactly the answer the server gave. The login pages use
 * their own cookie-keeping tab ({@code fr.idnum.simulator.login.BrowserTab}).
 */
public final class Http {

    public static final String JSON = "application/json";
    public static final String FORM = "application/x-www-form-urlencoded";

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client;

    public Http() {
        this(HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build());
    }

    public Http(HttpClient client) {
        this.client = client;
    }

    public HttpReply get(URI uri, String bearer) {
        return send(request(uri, bearer).GET());
    }

    /** POSTs {@code body} as is; {@code bearer} may be null (device-signed requests carry none). */
    public HttpReply post(URI uri, String contentType, byte[] body, String bearer) {
        return post(uri, contentType, body, bearer, JSON);
    }

    /** Same, for an answer that is not JSON ({@code accept}, e.g. a JWT); problems stay acceptable too. */
    public HttpReply post(URI uri, String contentType, byte[] body, String bearer, String accept) {
        HttpRequest.Builder request = request(uri, bearer, accept).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    public HttpReply post(URI uri, String contentType, String body, String bearer) {
        return post(uri, contentType, body.getBytes(StandardCharsets.UTF_8), bearer);
    }

    public HttpReply postJson(URI uri, Map<String, ?> body, String bearer) {
        return post(uri, JSON, JSONObjectUtils.toJSONString(body), bearer);
    }

    private static HttpRequest.Builder request(URI uri, String bearer) {
        return request(uri, bearer, JSON);
    }

    private static HttpRequest.Builder request(URI uri, String bearer, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("Accept", accept + ", " + Problem.MEDIA_TYPE)
                .header("Accept-Language", "fr");
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return request;
    }

    private HttpReply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new HttpReply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot reach " + request.build().uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling " + request.build().uri(), e);
        }
    }
}
