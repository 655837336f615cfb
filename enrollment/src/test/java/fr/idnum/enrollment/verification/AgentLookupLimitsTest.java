package fr.idnum.enrollment.verification;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import fr.idnum.enrollment.audit.Actor;
import fr.idnum.enrollment.enrollment.AuditEvent;
import fr.idnum.enrollment.problem.Problem;
import fr.idnum.enrollment.support.Journeys;
import fr.idnum.enrollment.support.PostgresTestDatabase;
import fr.idnum.enrollment.support.TestClock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's look-up by activation code and birth name cannot be used to walk the million codes of a known name:
 * failed look-ups are limited per agent and per birth name, and every look-up is audited (without the code).
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestDatabase.class)
class AgentLookupLimitsTest {

    @Inject
    Journeys journeys;
    @Inject
    AgentLookups lookups;
    @Inject
    TestClock clock;
    @Inject
    EntityManager entityManager;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static ValidatableResponse find(String code, String birthName) {
        return given().queryParam("activationCode", code).queryParam("birthName", birthName)
                .get("/api/v1/agent/enrollments").then();
    }

    private static String wrong(String code) {
        return code.equals("000000") ? "111111" : "000000";
    }

    private static Actor agent(String id) {
        return new Actor(id, Actor.AGENT);
    }

    @Test
    @TestSecurity(user = "limit-agent-1", roles = Actor.AGENT)
    @OidcSecurity(claims = {@Claim(key = "sub", value = "limit-agent-1"), @Claim(key = "acr", value = "eidas2")})
    void anAgentsFailedLookupsLockItOutUntilTheOldestLeavesTheWindow() {
        Journeys.AwaitingCheck citizen = journeys.awaitingInPersonCheck("limit-citizen-1", "PERALDI", "88000001");
        for (int i = 0; i < 5; i++) {
            find("12345" + i, "NOBODY-AGENT-" + i).statusCode(200).body("", hasSize(0));
        }
        String retryAfter = find("123459", "NOBODY-AGENT-9").statusCode(429).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(Problem.TYPE_BASE + AgentResource.AGENT_LIMIT_PROBLEM))
                .extract().header("Retry-After");
        long seconds = Long.parseLong(retryAfter);
        assertTrue(seconds > 880 && seconds <= 900, "about the 15 minutes of the window: " + seconds);
        find(citizen.activationCode(), "PERALDI").statusCode(429)
                .body("type", equalTo(Problem.TYPE_BASE + AgentResource.AGENT_LIMIT_PROBLEM));

        clock.advance(Duration.ofMinutes(15));
        find(citizen.activationCode(), "peraldi").statusCode(200).body("", hasSize(1));
    }

    @Test
    @TestSecurity(user = "limit-agent-name", roles = Actor.AGENT)
    @OidcSecurity(claims = {@Claim(key = "sub", value = "limit-agent-name"), @Claim(key = "acr", value = "eidas2")})
    void failedLookupsOnOneBirthNameLockItForEveryAgentAndASuccessResetsNothing() {
        Journeys.AwaitingCheck citizen = journeys.awaitingInPersonCheck("limit-citizen-2", "POZZO DI BORGO", "88000002");
        String wrong = wrong(citizen.activationCode());
        for (int i = 1; i <= 4; i++) {
            assertEquals(List.of(), found(lookups.lookUp(agent("name-agent-" + i), wrong, "Pozzo di Borgo")));
        }
        assertEquals(1, found(lookups.lookUp(agent("name-agent-ok"), citizen.activationCode(), "POZZO DI BORGO")).size(),
                "the citizen's own agent finds them: the name is not locked yet");
        assertEquals(List.of(), found(lookups.lookUp(agent("name-agent-5"), wrong, " pozzo di borgo ")));

        String retryAfter = find(citizen.activationCode(), "POZZO DI BORGO").statusCode(429).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(Problem.TYPE_BASE + AgentResource.BIRTH_NAME_LIMIT_PROBLEM))
                .extract().header("Retry-After");
        assertTrue(Long.parseLong(retryAfter) > 3500, "about the hour of the window: " + retryAfter);
        assertEquals(AgentLookup.Outcome.REFUSED_BIRTH_NAME_LIMIT,
                assertInstanceOf(AgentLookups.Result.Refused.class, lookups.lookUp(agent("name-agent-ok"), citizen.activationCode(),
                        "POZZO DI BORGO")).why(), "the success before did not reset the name's counter");
        find("123456", "ANOTHER NAME").statusCode(200).body("", hasSize(0));

        clock.advance(Duration.ofHours(1));
        find(citizen.activationCode(), "POZZO DI BORGO").statusCode(200).body("", hasSize(1));
    }

    @Test
    @TestSecurity(user = "lookup-auditor", roles = Actor.ADMIN)
    @OidcSecurity(claims = {@Claim(key = "sub", value = "lookup-auditor"), @Claim(key = "acr", value = "eidas2")})
    void everyLookupIsAuditedWithoutTheCodeAndAdministratorsReadIt() {
        Journeys.AwaitingCheck citizen = journeys.awaitingInPersonCheck("audit-citizen", "ABBATUCCI", "88000003");
        Actor agent = agent("audited-agent");
        lookups.lookUp(agent, citizen.activationCode(), "Abbatucci");
        for (int i = 0; i < 5; i++) {
            lookups.lookUp(agent, wrong(citizen.activationCode()), "ABBATUCCI");
        }
        lookups.lookUp(agent, citizen.activationCode(), "ABBATUCCI");

        given().queryParam("agent", "audited-agent").get("/api/v1/admin/agent-lookups").then().statusCode(200)
                .body("total", equalTo(7))
                .body("items.outcome", equalTo(List.of("REFUSED_AGENT_LIMIT", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND",
                        "NOT_FOUND", "NOT_FOUND", "FOUND")))
                .body("items[6].enrollmentId", equalTo(citizen.enrollmentId().toString()))
                .body("items[6].matches", equalTo(1));
        given().queryParam("birthName", "abbatucci ").get("/api/v1/admin/agent-lookups").then().statusCode(200)
                .body("total", equalTo(7));
        given().get("/api/v1/admin/agent-lookups").then().statusCode(400).contentType(Problem.MEDIA_TYPE);

        List<AuditEvent> trail = QuarkusTransaction.requiringNew().call(() -> AuditEvent.trailOf(citizen.enrollmentId()));
        assertTrue(trail.stream().anyMatch(e -> AgentLookups.TRAIL_ACTION.equals(e.action) && "audited-agent".equals(e.actor)),
                "the enrollment's own trail shows who found it");

        List<?> rows = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "select row_to_json(l)::text from agent_lookup l where agent = 'audited-agent'").getResultList());
        assertEquals(7, rows.size());
        for (Object row : rows) {
            String text = row.toString();
            assertFalse(text.contains(citizen.activationCode()) || text.contains(wrong(citizen.activationCode())),
                    "no activation code kept: " + text);
            assertFalse(text.toUpperCase().contains("ABBATUCCI"), "no birth name in clear: " + text);
        }
    }

    @Test
    void concurrentFailedLookupsByOneAgentCannotSlipPastTheLimit() throws Exception {
        List<AgentLookups.Result> results = concurrently(12, i -> lookups.lookUp(agent("racing-agent"), "654321", "RACE-AGENT-" + i));
        assertEquals(5, results.stream().filter(r -> r instanceof AgentLookups.Result.Found).count(), "results: " + results);
        assertEquals(7, results.stream().filter(r -> r instanceof AgentLookups.Result.Refused).count());
    }

    @Test
    void concurrentFailedLookupsOnOneBirthNameCannotSlipPastTheLimit() throws Exception {
        List<AgentLookups.Result> results = concurrently(12, i -> lookups.lookUp(agent("racing-name-agent-" + i), "654321", "RACENAME"));
        assertEquals(5, results.stream().filter(r -> r instanceof AgentLookups.Result.Found).count(), "results: " + results);
        assertEquals(7, results.stream().filter(r -> r instanceof AgentLookups.Result.Refused refused
                && refused.why() == AgentLookup.Outcome.REFUSED_BIRTH_NAME_LIMIT).count());
    }

    private static List<fr.idnum.enrollment.enrollment.Enrollment> found(AgentLookups.Result result) {
        return assertInstanceOf(AgentLookups.Result.Found.class, result).enrollments();
    }

    private static List<AgentLookups.Result> concurrently(int n, java.util.function.IntFunction<AgentLookups.Result> lookup)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<AgentLookups.Result>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> lookup.apply(index)));
            }
            List<AgentLookups.Result> results = new ArrayList<>();
            for (Future<AgentLookups.Result> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
