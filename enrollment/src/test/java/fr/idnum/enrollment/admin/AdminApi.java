package fr.idnum.enrollment.admin;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import fr.idnum.enrollment.enrollment.AuditEvent;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Calls of the admin API under the test method's identity, and a look at the audit trail behind it. */
final class AdminApi {

    static final String BASE = "/api/v1/admin/enrollments";
    static final String ADMIN = "admin-alice";

    /** The actions that take a reason. */
    static final List<String> ACTIONS = List.of("suspend", "reinstate", "revoke", "require-reactivation", "reissue-activation-code", "erase");

    private AdminApi() {
    }

    static ValidatableResponse act(UUID id, String action, String reason) {
        return given().contentType(ContentType.JSON).body(Map.of("reason", reason))
                .post(BASE + "/" + id + "/" + action).then();
    }

    static ValidatableResponse get(UUID id, String sub) {
        return given().get(BASE + "/" + id + (sub.isEmpty() ? "" : "/" + sub)).then();
    }

    static List<AuditEvent> trailOf(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> AuditEvent.trailOf(id));
    }

    static List<String> actionsOf(UUID id) {
        return trailOf(id).stream().map(e -> e.action).toList();
    }

    static AuditEvent last(UUID id) {
        List<AuditEvent> trail = trailOf(id);
        return trail.get(trail.size() - 1);
    }
}
