package fr.idnum.enrollment.backoffice;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import fr.idnum.enrollment.audit.Actor;
import fr.idnum.enrollment.problem.Problem;
import fr.idnum.enrollment.support.PostgresTestDatabase;
import fr.idnum.enrollment.verification.AgentLookup;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

/** Agents and administrators must have signed in at eidas2 (the phone): a password alone opens nothing. */
@QuarkusTest
@QuarkusTestResource(PostgresTestDatabase.class)
class StrongSignInTest {

    private static final String INSUFFICIENT = Problem.TYPE_BASE + StrongSignInFilter.PROBLEM_TYPE;

    private static ValidatableResponse lookUp() {
        return given().queryParam("activationCode", "123456").queryParam("birthName", "STRONGSIGNIN")
                .get("/api/v1/agent/enrollments").then();
    }

    private static long lookupsBy(String agent) {
        return QuarkusTransaction.requiringNew().call(() -> AgentLookup.count("agent", agent));
    }

    @Test
    @TestSecurity(user = "acr-agent-eidas1", roles = Actor.AGENT)
    @OidcSecurity(claims = {@Claim(key = "sub", value = "acr-agent-eidas1"), @Claim(key = "acr", value = "eidas1")})
    void anAgentSignedInWithAPasswordOnlyIsRefusedBeforeAnyLookup() {
        lookUp().statusCode(403).contentType(Problem.MEDIA_TYPE).body("type", equalTo(INSUFFICIENT));
        given().contentType("application/json").body("{}").post("/api/v1/agent/enrollments/00000000-0000-0000-0000-000000000000/check")
                .then().statusCode(403).body("type", equalTo(INSUFFICIENT));
        org.junit.jupiter.api.Assertions.assertEquals(0, lookupsBy("acr-agent-eidas1"), "the refused request looked nothing up");
    }

    @Test
    @TestSecurity(user = "acr-agent-none", roles = Actor.AGENT)
    @OidcSecurity(claims = @Claim(key = "sub", value = "acr-agent-none"))
    void anAgentWhoseTokenStatesNoLevelIsRefused() {
        lookUp().statusCode(403).contentType(Problem.MEDIA_TYPE).body("type", equalTo(INSUFFICIENT));
    }

    @Test
    @TestSecurity(user = "acr-agent-unknown", roles = Actor.AGENT)
    @OidcSecurity(claims = {@Claim(key = "sub", value = "acr-agent-unknown"), @Claim(key = "acr", value = "1")})
    void anAgentWhoseLevelIsNotOneOfTheRealmsIsRefused() {
        lookUp().statusCode(403).body("type", equalTo(INSUFFICIENT));
    }

    @Test
    @TestSecurity(user = "acr-admin-eidas1", roles = Actor.ADMIN)
    @OidcSecurity(claims = {@Claim(key = "sub", value = "acr-admin-eidas1"), @Claim(key = "acr", value = "eidas1")})
    void anAdministratorSignedInWithAPasswordOnlyIsRefusedEverywhere() {
        given().queryParam("state", "ACTIVE").get("/api/v1/admin/enrollments").then().statusCode(403)
                .contentType(Problem.MEDIA_TYPE).body("type", equalTo(INSUFFICIENT));
        given().get("/api/v1/admin/enrollments/00000000-0000-0000-0000-000000000000").then().statusCode(403)
                .body("type", equalTo(INSUFFICIENT));
        given().contentType("application/json").body("{\"reason\":\"r\"}")
                .post("/api/v1/admin/enrollments/00000000-0000-0000-0000-000000000000/suspend").then().statusCode(403)
                .body("type", equalTo(INSUFFICIENT));
        given().queryParam("agent", "someone").get("/api/v1/admin/agent-lookups").then().statusCode(403)
                .body("type", equalTo(INSUFFICIENT));
    }

    @Test
    @TestSecurity(user = "acr-agent-eidas2", roles = Actor.AGENT)
    @OidcSecurity(claims = {@Claim(key = "sub", value = "acr-agent-eidas2"), @Claim(key = "acr", value = "eidas2")})
    void anAgentSignedInWithThePhoneIsServed() {
        lookUp().statusCode(200).body("", hasSize(0));
    }

    @Test
    @TestSecurity(user = "acr-admin-eidas3", roles = Actor.ADMIN)
    @OidcSecurity(claims = {@Claim(key = "sub", value = "acr-admin-eidas3"), @Claim(key = "acr", value = "eidas3")})
    void aLevelAboveTheMinimumIsServed() {
        given().queryParam("state", "ACTIVE").get("/api/v1/admin/enrollments").then().statusCode(200);
    }

    @Test
    @TestSecurity(user = "acr-citizen")
    @OidcSecurity(claims = {@Claim(key = "sub", value = "acr-citizen"), @Claim(key = "acr", value = "eidas2")})
    void aCitizenIsStillForbiddenByRoleWhateverTheLevel() {
        lookUp().statusCode(403).body(not(org.hamcrest.Matchers.containsString(INSUFFICIENT)));
    }

    @Test
    void anAnonymousCallerMustStillAuthenticate() {
        lookUp().statusCode(401);
    }
}
