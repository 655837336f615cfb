package fr.idnum.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * Keycloak's admin REST API for one realm, as an operator's script uses it: JSON in and out, a bearer token
 * asked for at each call (so an expiring one is renewed by whoever supplies it).
 */
public final class AdminApi {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String realmBase;
    private final Supplier<String> token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** @param token the bearer token of an administrator of the realm (e.g. the test framework's admin client's) */
    public AdminApi(URI keycloak, String realm, Supplier<String> token) {
        this.realmBase = strip(keycloak.toString()) + "/admin/realms/" + realm;
        this.token = token;
    }

    /** Signs in as a master-realm administrator (client admin-cli, password grant) and keeps the token fresh. */
    public static AdminApi withPassword(URI keycloak, String realm, String username, String password) {
        return new AdminApi(keycloak, realm, new MasterToken(keycloak, username, password));
    }

    public Map<String, Object> get(String path) {
        return object(send("GET", path, null, 200));
    }

    public List<Object> list(String path) {
        try {
            return JSONArrayUtils.parse(send("GET", path, null, 200).body());
        } catch (ParseException e) {
            throw new IllegalStateException("GET " + path + ": not a JSON array", e);
        }
    }

    /** POSTs {@code body}; returns the id at the end of the Location header (empty when there is none). */
    public String create(String path, Map<String, ?> body) {
        HttpResponse<String> response = send("POST", path, JSONObjectUtils.toJSONString(body), 201, 204);
        String location = response.headers().firstValue("Location").orElse("");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    public void put(String path, Map<String, ?> body) {
        send("PUT", path, JSONObjectUtils.toJSONString(body), 204);
    }

    /** Deletes; a resource already gone is fine. */
    public void delete(String path) {
        send("DELETE", path, null, 204, 404);
    }

    public static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpResponse<String> send(String method, String path, String json, int... expected) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(realmBase + path))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token.get())
                .header("Accept", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = call(http, request.build());
        for (int status : expected) {
            if (response.statusCode() == status) {
                return response;
            }
        }
        throw new IllegalStateException(method + " " + path + ": HTTP " + response.statusCode() + " " + response.body());
    }

    static HttpResponse<String> call(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot reach " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted: " + request.uri(), e);
        }
    }

    static Map<String, Object> object(HttpResponse<String> response) {
        try {
            return JSONObjectUtils.parse(response.body());
        } catch (ParseException e) {
            throw new IllegalStateException(response.request().uri() + ": not a JSON object", e);
        }
    }

    static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** A master-realm administrator's token, fetched again shortly before it expires. */
    private static final class MasterToken implements Supplier<String> {
        private final URI tokenEndpoint;
        private final String form;
        private final HttpClient http = HttpClient.newHttpClient();
        private String token;
        private long expiresAt;

        MasterToken(URI keycloak, String username, String password) {
            this.tokenEndpoint = URI.create(strip(keycloak.toString()) + "/realms/master/protocol/openid-connect/token");
            this.form = "grant_type=password&client_id=admin-cli&username=" + encode(username) + "&password=" + encode(password);
        }

        @Override
        public synchronized String get() {
            if (token == null || System.nanoTime() - expiresAt > 0) {
                HttpResponse<String> response = call(http, HttpRequest.newBuilder(tokenEndpoint).timeout(TIMEOUT)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("The master realm refused the administrator's sign-in: HTTP " + response.statusCode());
                }
                Map<String, Object> json = object(response);
                token = (String) json.get("access_token");
                long lifetime = ((Number) json.get("expires_in")).longValue();
                expiresAt = System.nanoTime() + Duration.ofSeconds(Math.max(5, lifetime - 15)).toNanos();
            }
            return token;
        }
    }
}
