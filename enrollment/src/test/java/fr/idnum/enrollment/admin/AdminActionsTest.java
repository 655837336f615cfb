package fr.idnum.enrollment.admin;

import static fr.idnum.enrollment.admin.AdminApi.act;
import static fr.idnum.enrollment.admin.AdminApi.actionsOf;
import static fr.idnum.enrollment.admin.AdminApi.last;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import fr.idnum.enrollment.activation.ActivationService;
import fr.idnum.enrollment.audit.Actor;
import fr.idnum.enrollment.enrollment.AuditEvent;
import fr.idnum.enrollment.enrollment.EnrollmentState;
import fr.idnum.enrollment.enrollment.EnrollmentStatusChanged;
import fr.idnum.enrollment.problem.Problem;
import fr.idnum.enrollment.support.Journeys;
import fr.idnum.enrollment.support.PostgresTestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresTestDatabase.class)
class AdminActionsTest {

    @Inject
    Journeys journeys;
    @Inject
    StatusChangeRecorder recorder;
    @Inject
    ActivationService activation;

    private static final Actor KEYCLOAK = Actor.system("keycloak-fixture");

    @Test
    @TestSecurity(user = AdminApi.ADMIN, roles = Actor.ADMIN)
    @OidcSecurity(claims = {@Claim(key = "sub", value = AdminApi.ADMIN), @Claim(key = "acr", value = "eidas2")})
    void suspendsAndReinstatesAnActiveEnrollmentAuditedAndAnnounced() {
        UUID id = journeys.active("adm-suspend", "ACQUAVIVA", "81000001").enrollmentId();

        act(id, "suspend", "phone reported stolen, ticket 4711").statusCode(200)
                .body("id", equalTo(id.toString())).body("state", equalTo("SUSPENDED"));
        AuditEvent suspended = last(id);
        assertEquals("admin-suspend", suspended.action);
        assertEquals(AdminApi.ADMIN, suspended.actor);
        assertEquals(Actor.ADMIN, suspended.actorRole);
        assertEquals(EnrollmentState.ACTIVE, suspended.fromState);
        assertEquals(EnrollmentState.SUSPENDED, suspended.toState);
        assertEquals("phone reported stolen, ticket 4711", suspended.reason);

        act(id, "reinstate", "phone found, ticket 4711").statusCode(200).body("state", equalTo("ACTIVE"));
        assertEquals("admin-reinstate", last(id).action);

        List<EnrollmentStatusChanged> changes = recorder.adminChangesOf(id);
        assertEquals(2, changes.size());
        assertEquals(EnrollmentState.SUSPENDED, changes.get(0).to());
        assertEquals("adm-suspend", changes.get(0).ownerSubject());
        assertEquals(new Actor(AdminApi.ADMIN, Actor.ADMIN), changes.get(0).actor());
        assertEquals(EnrollmentState.SUSPENDED, changes.get(1).from());
        assertEquals(EnrollmentState.ACTIVE, changes.get(1).to());
    }

    @Test
    @TestSecurity(user = AdminApi.ADMIN, roles = Actor.ADMIN)
    @OidcSecurity(claims = {@Claim(key = "sub", value = AdminApi.ADMIN), @Claim(key = "acr", value = "eidas2")})
    void aVerifiedEnrollmentSuspendedIsReinstatedAsVerifiedAndItsCodeWorksOnlyThen() {
        Journeys.AwaitingCheck verified = journeys.verified("adm-suspend-verified", "BIANCHI", "81000002");
        UUID id = verified.enrollmentId();

        act(id, "suspend", "suspected identity theft").statusCode(200).body("state", equalTo("SUSPENDED"));
        assertEquals(new ActivationService.Redemption.NotRedeemable(EnrollmentState.SUSPENDED),
                activation.redeem("adm-suspend-verified", verified.activationCode(), "while-suspended", KEYCLOAK),
                "no phone is activated while the enrollment is suspended");

        act(id, "reinstate", "cleared, ticket 4712").statusCode(200).body("state", equalTo("VERIFIED"));
        AuditEvent reinstated = last(id);
        assertEquals("admin-reinstate", reinstated.action);
        assertEquals(EnrollmentState.SUSPENDED, reinstated.fromState);
        assertEquals(EnrollmentState.VERIFIED, reinstated.toState);
        assertEquals(List.of(EnrollmentState.SUSPENDED, EnrollmentState.VERIFIED),
                recorder.adminChangesOf(id).stream().map(EnrollmentStatusChanged::to).toList());

        assertInstanceOf(ActivationService.Redemption.Redeemed.class,
                activation.redeem("adm-suspend-verified", verified.activationCode(), "after-reinstatement", KEYCLOAK),
                "once reinstated, the code the citizen already holds activates the phone");
    }

    @Test
    @TestSecurity(user = AdminApi.ADMIN, roles = Actor.ADMIN)
    @OidcSecurity(claims = {@Claim(key = "sub", value = AdminApi.ADMIN), @Claim(key = "acr", value = "eidas2")})
    void aSuspendedEnrollmentCanBeRevoked() {
        UUID id = journeys.verified("adm-suspend-revoke", "BIANCHI", "81000006").enrollmentId();

        act(id, "suspend", "suspected identity theft").statusCode(200).body("state", equalTo("SUSPENDED"));
        act(id, "revoke", "identity theft confirmed").statusCode(200).body("state", equalTo("REVOKED"));
        act(id, "reinstate", "too late").statusCode(409).body("type", equalTo(Problem.TYPE_BASE + "illegal-transition"));
        assertEquals(List.of(EnrollmentState.SUSPENDED, EnrollmentState.REVOKED),
                recorder.adminChangesOf(id).stream().map(EnrollmentStatusChanged::to).toList());
    }

    @Test
    @TestSecurity(user = AdminApi.ADMIN, roles = Actor.ADMIN)
    @OidcSecurity(claims = {@Claim(key = "sub", value = AdminApi.ADMIN), @Claim(key = "acr", value = "eidas2")})
    void aRevokedEnrollmentStaysRevoked() {
        UUID id = journeys.active("adm-revoke", "CECCALDI", "81000003").enrollmentId();

        act(id, "revoke", "citizen asked to close the identity").statusCode(200).body("state", equalTo("REVOKED"));
        assertEquals("admin-revoke", last(id).action);
        for (String action : List.of("suspend", "reinstate", "revoke")) {
            act(id, action, "try again").statusCode(409).contentType(Problem.MEDIA_TYPE)
                    .body("type", equalTo(Problem.TYPE_BASE + "illegal-transition"));
        }
        assertEquals(1, recorder.adminChangesOf(id).size());
    }

    @Test
    @TestSecurity(user = AdminApi.ADMIN, roles = Actor.ADMIN)
    @OidcSecurity(claims = {@Claim(key = "sub", value = AdminApi.ADMIN), @Claim(key = "acr", value = "eidas2")})
    void illegalTransitionsChangeNothing() {
        UUID awaiting = journeys.awaitingInPersonCheck("adm-illegal", "DAMIANI", "81000004").enrollmentId();
        List<String> before = actionsOf(awaiting);

        act(awaiting, "suspend", "too early").statusCode(409).body("type", equalTo(Problem.TYPE_BASE + "illegal-transition"));
        act(awaiting, "revoke", "too early").statusCode(409).body("type", equalTo(Problem.TYPE_BASE + "illegal-transition"));
        act(awaiting, "reinstate", "not suspended").statusCode(409);
        assertEquals(before, actionsOf(awaiting));
        assertEquals(List.of(), recorder.adminChangesOf(awaiting));

        UUID active = journeys.active("adm-illegal-active", "DAMIANI", "81000005").enrollmentId();
        act(active, "reinstate", "not suspended").statusCode(409).body("type", equalTo(Problem.TYPE_BASE + "illegal-transition"));
        act(active, "suspend", "first").statusCode(200);
        act(active, "suspend", "twice").statusCode(409).body("type", equalTo(Problem.TYPE_BASE + "illegal-transition"));
    }

    @Test
    @TestSecurity(user = AdminApi.ADMIN, roles = Actor.ADMIN)
    @OidcSecurity(claims = {@Claim(key = "sub", value = AdminApi.ADMIN), @Claim(key = "acr", value = "eidas2")})
    void everyActionNeedsAReason() {
        UUID id = journeys.active("adm-no-reason", "FERRANDI", "81000006").enrollmentId();
        List<String> before = actionsOf(id);
        for (String action : AdminApi.ACTIONS) {
            String path = AdminApi.BASE + "/" + id + "/" + action;
            given().contentType(ContentType.JSON).body(Map.of()).post(path).then().statusCode(400)
                    .contentType(Problem.MEDIA_TYPE).body("errors.field", hasItem("reason"));
            given().contentType(ContentType.JSON).body(Map.of("reason", "  ")).post(path).then().statusCode(400)
                    .body("errors.field", hasItem("reason"));
            given().contentType(ContentType.JSON).post(path).then().statusCode(400);
            given().contentType(ContentType.JSON).body(Map.of("reason", "x".repeat(1001))).post(path).then().statusCode(400);
        }
        assertEquals(before, actionsOf(id));
    }

    @Test
    @TestSecurity(user = AdminApi.ADMIN, roles = Actor.ADMIN)
    @OidcSecurity(claims = {@Claim(key = "sub", value = AdminApi.ADMIN), @Claim(key = "acr", value = "eidas2")})
    void anUnknownEnrollmentIsNotFoundEverywhere() {
        UUID unknown = UUID.randomUUID();
        for (String action : AdminApi.ACTIONS) {
            act(unknown, action, "whatever").statusCode(404).contentType(Problem.MEDIA_TYPE)
                    .body("type", equalTo(Problem.TYPE_BASE + "no-enrollment"));
        }
        for (String read : List.of("", "audit-trail", "export")) {
            AdminApi.get(unknown, read).statusCode(404).contentType(Problem.MEDIA_TYPE)
                    .body("type", equalTo(Problem.TYPE_BASE + "no-enrollment"));
        }
        given().get(AdminApi.BASE + "/not-a-uuid").then().statusCode(404);
    }
}
