package fr.idnum.keycloak.api;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import fr.idnum.keycloak.enrollment.EnrollmentClient;
import org.keycloak.models.KeycloakSession;

/**
 * The public status of the service (FranceConnect+ asks each identity provider for one): whether this
 * Keycloak answers and whether it reaches the enrollment service, nothing else (no version, no address, no
 * error text). The enrollment service's answer is at most a few seconds old and never waited for
 * ({@link fr.idnum.keycloak.enrollment.Reachability}); the answer may be cached as long.
 */
final class ServiceStatus {

    static final String PATH = "status";
    static final int MAX_AGE_SECONDS = 5;

    private ServiceStatus() {
    }

    static Response of(KeycloakSession session) {
        boolean enrollment = session.getProvider(EnrollmentClient.class).reachable();
        Map<String, String> components = new LinkedHashMap<>();
        // This answer is Keycloak's own: if it is read, Keycloak is up.
        components.put("keycloak", "up");
        components.put("enrollment-service", enrollment ? "reachable" : "unreachable");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", enrollment ? "ok" : "degraded");
        body.put("components", components);
        CacheControl cache = new CacheControl();
        cache.setMaxAge(MAX_AGE_SECONDS);
        cache.setNoTransform(false);
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).cacheControl(cache).build();
    }
}
