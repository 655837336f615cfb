package fr.idnum.keycloak.enrollment;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * "Does the enrollment service answer at all?": any HTTP answer within the timeout counts (even a 404), since
 * the question is reachability, not health; no credentials are sent, and the answer's body is discarded.
 */
final class ServiceProbe implements BooleanSupplier {

    private final URI target;
    private final Duration timeout;
    private final HttpClient http;

    ServiceProbe(URI target, Duration timeout) {
        this.target = target;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public boolean getAsBoolean() {
        try {
            http.send(HttpRequest.newBuilder(target).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
