package fr.idnum.enrollment.input;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.Map;
import java.util.UUID;

import fr.idnum.enrollment.activation.InternalActivationResource;
import fr.idnum.enrollment.audit.Actor;
import fr.idnum.enrollment.enrollment.InternalEnrollmentStatusResource;
import fr.idnum.enrollment.notice.CitizenNoticeResource;
import fr.idnum.enrollment.problem.Problem;
import fr.idnum.enrollment.support.Identities;
import fr.idnum.enrollment.support.PostgresTestDatabase;
import fr.idnum.enrollment.support.RequestTally;
import fr.idnum.protocol.enrollment.InternalApi;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A NUL byte reaches PostgreSQL as an error (500), and other control characters or bidirectional overrides are
 * stored and served back to agents and administrators (log forging, a reason that reads backwards): every string
 * of a body, a path or a query is refused with a 400 naming the field, wherever it was going.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestDatabase.class)
class UntrustedTextTest {

    /** Counts every request of this class for the campaign's totals (docs/security-tests.md). */
    private static final RequestTally TALLY = new RequestTally();

    @AfterAll
    static void tally() {
        TALLY.write(UntrustedTextTest.class);
    }

    private static RequestSpecification given() {
        return TALLY.given();
    }

    private static final String ADMIN = "admin-untrusted";
    private static final String AGENT = "agent-untrusted";

    static void assertRefusedNaming(ValidatableResponse response, String field) {
        response.statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(Problem.TYPE_BASE + "invalid-request"))
                .body("errors.field", hasItem(field));
    }

    private static ValidatableResponse postJson(String path, Object body) {
        return given().contentType(ContentType.JSON).body(body).post(path).then();
    }

    @Test
    @TestSecurity(user = "keycloak", roles = InternalEnrollmentStatusResource.ROLE)
    void refusesANulByteInTheSubjectOfTheStatusPath() {
        assertRefusedNaming(given().urlEncodingEnabled(false)
                .get("/api/v1/internal/enrollments/someone%00else/status").then(), "subject");
    }

    @Test
    @TestSecurity(user = "keycloak", roles = InternalActivationResource.ROLE)
    void refusesANulByteInTheSubjectOfARedemption() {
        assertRefusedNaming(postJson(InternalApi.ACTIVATIONS, Map.of("subject", "someone\u0000", "activationCode", "123456")),
                "subject");
    }

    @Test
    @TestSecurity(user = "keycloak", roles = CitizenNoticeResource.ROLE)
    void refusesANulByteInTheSubjectOfANotice() {
        assertRefusedNaming(postJson(InternalApi.CITIZEN_NOTICES,
                Map.of("subject", "someone\u0000", "notice", "PHONE_ACTIVATED", "deviceLabel", "Pixel")), "subject");
    }

    @Test
    @TestSecurity(user = ADMIN, roles = Actor.ADMIN)
    @OidcSecurity(claims = {@Claim(key = "sub", value = ADMIN), @Claim(key = "acr", value = "eidas2")})
    void refusesANulByteInTheQueryOfAnAdministratorsSearch() {
        assertRefusedNaming(given().urlEncodingEnabled(false)
                .get("/api/v1/admin/enrollments?subject=someone%00else").then(), "subject");
        assertRefusedNaming(given().urlEncodingEnabled(false)
                .get("/api/v1/admin/enrollments?birthName=DUPONT%00&birthDate=1985-04-12").then(), "birthName");
    }

    @Test
    @TestSecurity(user = ADMIN, roles = Actor.ADMIN)
    @OidcSecurity(claims = {@Claim(key = "sub", value = ADMIN), @Claim(key = "acr", value = "eidas2")})
    void refusesANulByteOrABidiOverrideInTheReasonOfAnExport() {
        UUID id = UUID.randomUUID();
        assertRefusedNaming(given().urlEncodingEnabled(false)
                .get("/api/v1/admin/enrollments/" + id + "/export?reason=court%00order").then(), "reason");
        assertRefusedNaming(given().urlEncodingEnabled(false)
                .get("/api/v1/admin/enrollments/" + id + "/export?reason=court%E2%80%AEorder").then(), "reason");
    }

    @Test
    @TestSecurity(user = ADMIN, roles = Actor.ADMIN)
    @OidcSecurity(claims = {@Claim(key = "sub", value = ADMIN), @Claim(key = "acr", value = "eidas2")})
    void refusesControlCharactersAndBidiOverridesInTheReasonOfAnAdministrator() {
        UUID id = UUID.randomUUID();
        for (String reason : new String[] {"stolen\u0000", "stolen\u001b[31m", "stolen\u0007", "ticket \u202e1174",
                "ticket \u2066x\u2069", "line\r\nforged: entry"}) {
            assertRefusedNaming(postJson("/api/v1/admin/enrollments/" + id + "/suspend", Map.of("reason", reason)), "reason");
        }
    }

    @Test
    @TestSecurity(user = AGENT, roles = Actor.AGENT)
    @OidcSecurity(claims = {@Claim(key = "sub", value = AGENT), @Claim(key = "acr", value = "eidas2")})
    void refusesANulByteOrABidiOverrideInTheReasonOfAnAgent() {
        UUID id = UUID.randomUUID();
        for (String reason : new String[] {"photo\u0000", "photo \u202dmatches"}) {
            assertRefusedNaming(postJson("/api/v1/agent/enrollments/" + id + "/check", Map.of("activationCode", "123456",
                    "documentSeen", true, "identityMatches", false, "reason", reason)), "reason");
        }
    }

    @Test
    @TestSecurity(user = "citizen-untrusted-address")
    @OidcSecurity(claims = @Claim(key = "sub", value = "citizen-untrusted-address"))
    void refusesANulByteOrABidiOverrideInAnAddress() {
        assertRefusedNaming(postJson("/api/v1/enrollments", Identities.with("address",
                Map.of("line1", "12 rue de Grenelle\u0000", "postalCode", "75007", "city", "Paris"))), "address.line1");
        assertRefusedNaming(postJson("/api/v1/enrollments", Identities.with("address",
                Map.of("line1", "12 rue de Grenelle", "postalCode", "75007", "city", "\u202eParis"))), "address.city");
    }

    @Test
    @TestSecurity(user = "citizen-untrusted-tab")
    @OidcSecurity(claims = @Claim(key = "sub", value = "citizen-untrusted-tab"))
    void acceptsAccentsApostrophesAndNonBreakingSpacesInAnAddress() {
        postJson("/api/v1/enrollments", Identities.with("address",
                Map.of("line1", "12 rue de l’Église\u00a0bis", "postalCode", "75007", "city", "Paris"))).statusCode(201);
    }
}
