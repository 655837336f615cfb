package fr.idnum.enrollment.verification;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import jakarta.inject.Inject;

import fr.idnum.enrollment.audit.Actor;
import fr.idnum.enrollment.enrollment.EnrollmentState;
import fr.idnum.enrollment.problem.Problem;
import fr.idnum.enrollment.support.Journeys;
import fr.idnum.enrollment.support.PostgresTestDatabase;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresTestDatabase.class)
class AgentTest {

    @Inject
    Journeys journeys;

    private static io.restassured.response.ValidatableResponse find(String code, String birthName) {
        return given().queryParam("activationCode", code).queryParam("birthName", birthName)
                .get("/api/v1/agent/enrollments").then();
    }

    @Test
    @TestSecurity(user = "agent-1", roles = Actor.AGENT)
    @OidcSecurity(claims = {@Claim(key = "sub", value = "agent-1"), @Claim(key = "acr", value = "eidas2")})
    void findsTheEnrollmentByCodeAndBirthNameAndShowsOnlyWhatTheCheckNeeds() {
        Journeys.AwaitingCheck citizen = journeys.awaitingInPersonCheck("agent-find", "CASANOVA", "20000001");

        find(citizen.activationCode(), "casanova").statusCode(200)
                .body("", hasSize(1))
                .body("[0].id", equalTo(citizen.enrollmentId().toString()))
                .body("[0].birthName", equalTo("CASANOVA"))
                .body("[0].documentNumber", equalTo("18AB12345"))
                .body("[0]", not(hasKey("mobilePhone")))
                .body("[0]", not(hasKey("email")))
                .body("[0]", not(hasKey("addressLine1")));
        find(citizen.activationCode(), "BONAPARTE").statusCode(200).body("", hasSize(0));
        find("12345", "CASANOVA").statusCode(400).contentType(Problem.MEDIA_TYPE);
    }

    @Test
    @TestSecurity(user = "agent-2", roles = Actor.AGENT)
    @OidcSecurity(claims = {@Claim(key = "sub", value = "agent-2"), @Claim(key = "acr", value = "eidas2")})
    void recordsAMatchingDocumentAsVerifiedOnce() {
        Journeys.AwaitingCheck citizen = journeys.awaitingInPersonCheck("agent-verify", "COLONNA", "20000002");
        String path = "/api/v1/agent/enrollments/" + citizen.enrollmentId() + "/check";

        String code = citizen.activationCode();
        given().contentType(ContentType.JSON).body(Map.of("activationCode", code, "documentSeen", true, "identityMatches", true)).post(path)
                .then().statusCode(200).body("state", equalTo("VERIFIED"));
        given().contentType(ContentType.JSON).body(Map.of("activationCode", code, "documentSeen", true, "identityMatches", true)).post(path)
                .then().statusCode(409).body("type", equalTo(Problem.TYPE_BASE + "illegal-transition"));
        find(citizen.activationCode(), "COLONNA").body("", hasSize(0));
    }

    @Test
    @TestSecurity(user = "agent-5", roles = Actor.AGENT)
    @OidcSecurity(claims = {@Claim(key = "sub", value = "agent-5"), @Claim(key = "acr", value = "eidas2")})
    void anEnrollmentCheckedRemotelyIsNotTheAgentsToDecide() {
        java.util.UUID id = journeys.awaitingRemoteCheck("agent-remote", "CASANOVA", "20000009");
        given().contentType(ContentType.JSON).body(Map.of("activationCode", "123456", "documentSeen", true, "identityMatches", true))
                .post("/api/v1/agent/enrollments/" + id + "/check")
                .then().statusCode(409).body("type", equalTo(Problem.TYPE_BASE + "remote-verification"));
        given().contentType(ContentType.JSON).body(Map.of("activationCode", "123456", "documentSeen", false, "identityMatches", false, "reason", "no"))
                .post("/api/v1/agent/enrollments/" + id + "/check")
                .then().statusCode(409).body("type", equalTo(Problem.TYPE_BASE + "remote-verification"));
    }

    @Test
    @TestSecurity(user = "agent-3", roles = Actor.AGENT)
    @OidcSecurity(claims = {@Claim(key = "sub", value = "agent-3"), @Claim(key = "acr", value = "eidas2")})
    void aFailedCheckNeedsAReasonAndRejectsTheEnrollment() {
        Journeys.AwaitingCheck citizen = journeys.awaitingInPersonCheck("agent-reject", "PAOLI", "20000003");
        String path = "/api/v1/agent/enrollments/" + citizen.enrollmentId() + "/check";

        String code = citizen.activationCode();
        given().contentType(ContentType.JSON).body(Map.of("activationCode", code, "documentSeen", true, "identityMatches", false)).post(path)
                .then().statusCode(400).body("errors[0].field", equalTo("reason"));
        given().contentType(ContentType.JSON)
                .body(Map.of("activationCode", code, "documentSeen", true, "identityMatches", false, "reason", "photo does not match the person"))
                .post(path).then().statusCode(200).body("state", equalTo("REJECTED"));
    }

    @Test
    @TestSecurity(user = "agent-6", roles = Actor.AGENT)
    @OidcSecurity(claims = {@Claim(key = "sub", value = "agent-6"), @Claim(key = "acr", value = "eidas2")})
    void theCheckNeedsTheCodeTheCitizenShowsAndWrongOnesAreCounted() {
        Journeys.AwaitingCheck citizen = journeys.awaitingInPersonCheck("agent-guess", "SIMEONI", "20000010");
        String path = "/api/v1/agent/enrollments/" + citizen.enrollmentId() + "/check";
        String wrong = citizen.activationCode().equals("000000") ? "111111" : "000000";

        given().contentType(ContentType.JSON).body(Map.of("documentSeen", true, "identityMatches", true)).post(path)
                .then().statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItem("activationCode"));
        for (int left = 4; left >= 1; left--) {
            given().contentType(ContentType.JSON).body(Map.of("activationCode", wrong, "documentSeen", true, "identityMatches", true))
                    .post(path).then().statusCode(400).body("type", equalTo(Problem.TYPE_BASE + "wrong-code"))
                    .body("attempts_left", equalTo(left));
        }
        given().contentType(ContentType.JSON).body(Map.of("activationCode", wrong, "documentSeen", true, "identityMatches", true))
                .post(path).then().statusCode(410).body("type", equalTo(Problem.TYPE_BASE + "code-exhausted"));
        given().contentType(ContentType.JSON)
                .body(Map.of("activationCode", citizen.activationCode(), "documentSeen", true, "identityMatches", true))
                .post(path).then().statusCode(410);
        assertEquals(EnrollmentState.AWAITING_VERIFICATION, QuarkusTransaction.requiringNew().call(() ->
                fr.idnum.enrollment.enrollment.Enrollment.<fr.idnum.enrollment.enrollment.Enrollment>findById(citizen.enrollmentId()).state));
    }

    @Test
    @TestSecurity(user = "citizen-snooping")
    void aCitizenCannotUseTheAgentApi() {
        find("123456", "DUPONT").statusCode(403);
    }
}
