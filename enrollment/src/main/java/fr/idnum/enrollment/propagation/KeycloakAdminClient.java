package fr.idnum.enrollment.propagation;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.idnum.protocol.enrollment.StatusUpdate;
import fr.idnum.protocol.enrollment.InternalApi;
import fr.idnum.protocol.enrollment.EnrollmentStatus;
import fr.idnum.protocol.enrollment.DeviceCredential;
import fr.idnum.protocol.DeviceApi;
import org.jboss.logging.Logger;

/**
 * The calls to Keycloak the propagation needs, as the service account of the client {@code idnum-enrollment},
 * whose only right is the realm role {@code enrollment-status-writer}: a token, then one status update per citizen
 * on our providers' endpoint (not the admin API, which would need to manage every user and read and write their
 * whole identity). Every call is idempotent, so a row delivered twice (Keycloak did it, the commit then failed)
 * does no harm. No body is ever logged or put into an error message.
 */
@ApplicationScoped
public class KeycloakAdminClient {

    private static final Logger LOG = Logger.getLogger(KeycloakAdminClient.class);

    /** The user attribute Keycloak reads at sign-in; the realm's user profile declares it, editable by admins only. */
    public static final String STATUS_ATTRIBUTE = EnrollmentStatus.ATTRIBUTE;
    /** The credential type of an activated phone (see the providers module, {@code DeviceCredentialModel}). */
    public static final String DEVICE_CREDENTIAL_TYPE = DeviceCredential.TYPE;

    /** What became of one propagation. */
    public enum Outcome {
        DELIVERED,
        /** Keycloak has no such user (deleted account): nothing left to propagate. */
        NO_SUCH_USER
    }

    private final KeycloakConfig config;
    private final ObjectMapper json;
    private final HttpClient http;

    KeycloakAdminClient(KeycloakConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
        // Never follow redirects: the client secret and the token must only ever go to the configured host.
        this.http = HttpClient.newBuilder().connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** An access token of the service account (client credentials grant). */
    public String token() {
        String secret = config.clientSecret().orElseThrow(() -> new KeycloakCallFailed(
                "no client secret: set idnum.keycloak.client-secret (IDNUM_ENROLLMENT_CLIENT_SECRET)", true, null));
        URI endpoint = URI.create(trimSlash(config.issuer().toString()) + "/protocol/openid-connect/token");
        String form = "grant_type=client_credentials&client_id=" + form(config.clientId())
                + "&client_secret=" + form(secret);
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form)), "token");
        if (response.statusCode() != 200) {
            throw new KeycloakCallFailed("token endpoint answered HTTP " + response.statusCode(), true, null);
        }
        JsonNode token = read(response, "token").path("access_token");
        if (!token.isTextual() || token.asText().isEmpty()) {
            throw new KeycloakCallFailed("token endpoint answered without an access_token", true, null);
        }
        return token.asText();
    }

    /**
     * Tells Keycloak the citizen's status ({@code PUT /realms/{realm}/idnum/enrollment-status/{userId}}, our
     * providers' endpoint): it sets {@value #STATUS_ATTRIBUTE} and only it, removes the user's
     * {@value #DEVICE_CREDENTIAL_TYPE} credentials for a status that {@linkplain EnrollmentStatus#removesDevices()
     * removes devices}, and the identity copied at activation for one that {@linkplain EnrollmentStatus#erasesIdentity()
     * erases it}. Nothing of the citizen's identity travels, and no admin event keeps it.
     */
    public Outcome propagate(String token, String userId, EnrollmentStatus status) {
        StatusUpdate update = StatusUpdate.of(status);
        ObjectNode body = json.createObjectNode()
                .put(StatusUpdate.STATUS, update.status().name())
                .put(StatusUpdate.REMOVE_DEVICES, update.removeDevices())
                .put(StatusUpdate.ERASE_IDENTITY, update.eraseIdentity());
        HttpResponse<byte[]> updated = send(authorized(token, statusUrl(userId))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(write(body))), "put-status");
        if (updated.statusCode() == 404) {
            return Outcome.NO_SUCH_USER;
        }
        expect2xx(updated, "put-status");
        return Outcome.DELIVERED;
    }

    private String statusUrl(String userId) {
        return trimSlash(config.url().toString()) + "/realms/" + segment(config.realm()) + "/" + DeviceApi.RESOURCE + "/"
                + InternalApi.KEYCLOAK_ENROLLMENT_STATUS + "/"
                + segment(userId);
    }

    private HttpRequest.Builder authorized(String token, String url) {
        return HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request, String call) {
        try {
            return http.send(request.timeout(config.requestTimeout()).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new KeycloakCallFailed(call + ": no answer within " + config.requestTimeout(), true, e);
        } catch (IOException e) {
            throw new KeycloakCallFailed(call + ": Keycloak could not be reached (" + e.getClass().getSimpleName() + ")", true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeycloakCallFailed(call + ": interrupted", true, e);
        }
    }

    private static void expect2xx(HttpResponse<?> response, String call) {
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            // 5xx, 429: Keycloak is in trouble. 401/403/400: this call (or our rights) is wrong; others may still pass.
            boolean unavailable = status >= 500 || status == 429;
            LOG.debugf("Keycloak admin API: %s answered HTTP %d", call, status);
            throw new KeycloakCallFailed(call + " answered HTTP " + status, unavailable, null);
        }
    }

    private JsonNode read(HttpResponse<byte[]> response, String call) {
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new KeycloakCallFailed(call + " answered unreadable JSON", false, null);
        }
    }

    private byte[] write(JsonNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("could not write the user representation", e);
        }
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
