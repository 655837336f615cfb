package fr.idnum.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.util.JSONObjectUtils;
import fr.idnum.e2e.support.Agent;
import fr.idnum.e2e.support.Browser;
import fr.idnum.e2e.support.Enrollments;
import fr.idnum.e2e.support.IdnumRealmConfig;
import fr.idnum.e2e.support.IdnumServerConfig;
import fr.idnum.e2e.support.Login;
import fr.idnum.e2e.support.TestEnvironment;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.injection.LifeCycle;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * The back office (agents at the post office, enrollment operators) against the real Keycloak and enrollment
 * service: staff sign in at eidas2 with their own phone, a password-only token opens nothing, and the agent's
 * look-up by activation code and birth name is limited and audited.
 */
@KeycloakIntegrationTest(config = IdnumServerConfig.class)
class BackOfficeIT {

    private static final String PROBLEMS = "https://idnum.example.fr/problems/";

    @InjectRealm(config = IdnumRealmConfig.class, lifecycle = LifeCycle.GLOBAL)
    ManagedRealm realm;

    @Test
    void theBackOfficeNeverSignsStaffInWithAPasswordWhateverTheRequestAsks() {
        String passwordOnly = Agent.passwordOnlyAccount(realm, "identity-verifier");
        for (URI request : List.of(Agent.authorizationRequest(), Agent.authorizationRequest("eidas1"))) {
            Browser.Result afterIdentifier = Login.identifier(new Browser(), request, passwordOnly);
            assertNotNull(afterIdentifier.page().selectFirst("#idnum-no-device"),
                    "the back office's minimum acr (eidas2) leads to the phone step, never to the password page");
        }

        Agent agent = Agent.signedInAsking(realm, "identity-verifier", "eidas1");
        assertEquals("eidas2", agent.acr(), "asking eidas1 of the back office still yields an eidas2 sign-in");
        assertEquals(200, agent.lookUp("123456", "NOBODY").statusCode());
    }

    @Test
    void aPasswordOnlyBackOfficeTokenIsRefusedByTheEnrollmentService() throws Exception {
        // As if an administrator lowered the client's level: the service must not rely on the realm alone.
        realm.updateClientWithCleanup(TestEnvironment.BACKOFFICE_CLIENT_ID, client -> client
                .attribute("minimum.acr.value", "eidas1").attribute("default.acr.values", "eidas1"));

        Agent agent = Agent.signedInWithPasswordOnly(realm, "identity-verifier");
        assertEquals("eidas1", agent.acr());
        assertRefusedForWeakSignIn(agent.lookUp("123456", "DUPONT"));

        Agent operator = Agent.signedInWithPasswordOnly(realm, "enrollment-admin");
        assertRefusedForWeakSignIn(operator.searchByState("ACTIVE"));
        assertRefusedForWeakSignIn(operator.suspend(UUID.randomUUID().toString(), "weak sign-in"));
    }

    @Test
    void failedLookupsLockTheAgentOutWithRetryAfter() throws Exception {
        Agent agent = Agent.signedIn(realm);
        String name = uniqueName("SANSCODE");
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> failed = agent.lookUp("00000" + i, name + i);
            assertEquals(200, failed.statusCode(), failed.body());
        }
        HttpResponse<String> refused = agent.lookUp("000009", name + 9);
        assertProblem(refused, 429, "agent-lookup-limit");
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter > 0 && retryAfter <= 900, "within the agent's window of 15 minutes: " + retryAfter);
    }

    @Test
    void failedLookupsOnABirthNameLockItForEveryAgent() throws Exception {
        String name = uniqueName("VERROU");
        Agent first = Agent.signedIn(realm);
        for (int i = 0; i < 4; i++) {
            assertEquals(200, first.lookUp("10000" + i, name).statusCode());
        }
        Agent second = Agent.signedIn(realm);
        assertEquals(200, second.lookUp("100009", name).statusCode(), "the fifth failure on the name");

        HttpResponse<String> refused = second.lookUp("100008", name.toLowerCase());
        assertProblem(refused, 429, "birth-name-lookup-limit");
        assertTrue(refused.headers().firstValue("Retry-After").isPresent());
        assertEquals(200, second.lookUp("100008", uniqueName("AUTRE")).statusCode(),
                "the name is locked, not the agent who made one failure");
    }

    @Test
    void aLookupIsAuditedForAdministratorsWithoutTheCode() throws Exception {
        Enrollments.Citizen citizen = Enrollments.awaitingPostOffice(realm);
        Agent agent = Agent.signedIn(realm);
        assertEquals(1, agent.find(citizen.activationCode(), "Dupont").size());

        Agent auditor = Agent.signedIn(realm, "enrollment-admin");
        HttpResponse<String> read = auditor.lookupsBy(agent.subject());
        assertEquals(200, read.statusCode(), read.body());
        Map<String, Object> page = JSONObjectUtils.parse(read.body());
        assertEquals(1L, ((Number) page.get("total")).longValue(), read.body());
        Map<?, ?> entry = (Map<?, ?>) ((List<?>) page.get("items")).get(0);
        assertEquals("FOUND", entry.get("outcome"));
        assertEquals(agent.subject(), entry.get("agent"));
        assertEquals(citizen.enrollmentId(), entry.get("enrollmentId"));
        assertTrue(!read.body().contains(citizen.activationCode()), "the code typed is not kept");

        HttpResponse<String> trail = auditor.auditTrail(citizen.enrollmentId());
        assertTrue(trail.body().contains("\"action\":\"agent-lookup\"") && trail.body().contains(agent.subject()),
                "the citizen's own trail shows which agent found them: " + trail.body());
    }

    private static void assertRefusedForWeakSignIn(HttpResponse<String> response) throws Exception {
        assertProblem(response, 403, "insufficient-acr");
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertEquals(PROBLEMS + type, JSONObjectUtils.parse(response.body()).get("type"));
    }

    /** A birth name nobody else uses in this run (the citizens of the other tests are all DUPONT). */
    private static String uniqueName(String prefix) {
        StringBuilder name = new StringBuilder(prefix);
        for (char c : UUID.randomUUID().toString().replaceAll("[^a-f]", "").toCharArray()) {
            name.append(Character.toUpperCase(c));
        }
        return name.toString();
    }
}
