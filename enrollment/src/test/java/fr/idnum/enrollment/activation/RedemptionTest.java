package fr.idnum.enrollment.activation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import fr.idnum.enrollment.admin.AdminEnrollmentService;
import fr.idnum.enrollment.audit.Actor;
import fr.idnum.enrollment.problem.Problem;
import fr.idnum.enrollment.support.Journeys;
import fr.idnum.enrollment.support.PostgresTestDatabase;
import fr.idnum.enrollment.support.TestClock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresTestDatabase.class)
class RedemptionTest {

    private static final String PATH = "/api/v1/internal/activations";

    @Inject
    Journeys journeys;
    @Inject
    AdminEnrollmentService admin;
    @Inject
    TestClock clock;

    private static io.restassured.response.ValidatableResponse redeem(String subject, String code, String idempotencyKey) {
        var request = given().contentType(ContentType.JSON).body(Map.of("subject", subject, "activationCode", code));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.post(PATH).then();
    }

    private static String wrong(String code) {
        return code.equals("000000") ? "111111" : "000000";
    }

    @Test
    @TestSecurity(user = "keycloak", roles = InternalActivationResource.ROLE)
    void aPostedCodeIsRefusedBeforeItsCoolingOffWithoutSpendingAnAttemptAndAcceptedAfter() {
        Journeys.AwaitingCheck citizen = journeys.active("redeem-cooling", "BARTOLI", "30000009");
        AdminEnrollmentService.Reissued reissued = admin.requireReactivation(citizen.enrollmentId(),
                new Actor("admin-fixture", Actor.ADMIN), "phone lost");
        var posted = ((fr.idnum.enrollment.activation.CodeDelivery.Post) reissued.delivery()).code();
        java.time.Duration left = java.time.Duration.between(clock.instant(), posted.notBefore());
        org.junit.jupiter.api.Assertions.assertTrue(left.compareTo(java.time.Duration.ofDays(3).plusSeconds(1)) <= 0
                && left.compareTo(java.time.Duration.ofDays(3).minusMinutes(1)) > 0, "the default cooling-off, three days: " + left);

        for (String typed : List.of(wrong(posted.code()), posted.code())) {
            redeem(citizen.subject(), typed, "cool").statusCode(409)
                    .contentType(Problem.MEDIA_TYPE)
                    .body("type", equalTo(Problem.TYPE_BASE + CodeCoolingOffException.TYPE))
                    .body("not_before", equalTo(posted.notBefore().toString()))
                    .header("Retry-After", org.hamcrest.Matchers.matchesPattern("2591[0-9][0-9]|25920[01]"));
        }
        clock.advance(java.time.Duration.ofDays(3).plusSeconds(1));
        try {
            redeem(citizen.subject(), wrong(posted.code()), "cool").statusCode(400).body("attempts_left", equalTo(4));
            redeem(citizen.subject(), posted.code(), "cool").statusCode(200).body("birth_family_name", equalTo("BARTOLI"));
        } finally {
            clock.reset();
        }
    }

    @Test
    @TestSecurity(user = "keycloak", roles = InternalActivationResource.ROLE)
    void redeemsOnceAVerifiedIdentityAndReturnsItsClaims() {
        Journeys.AwaitingCheck citizen = journeys.verified("redeem-ok", "ORSINI", "30000001");

        redeem(citizen.subject(), wrong(citizen.activationCode()), "k1").statusCode(400)
                .body("detail", containsString("Attempts left: 4"))
                .body("attempts_left", equalTo(4));
        redeem(citizen.subject(), citizen.activationCode(), "k1").statusCode(200)
                .body("given_names", equalTo("Jean-Pierre Louis"))
                .body("birth_family_name", equalTo("ORSINI"))
                .body("usage_name", nullValue())
                .body("gender", equalTo("male"))
                .body("birthdate", equalTo("1970-01-31"))
                .body("birthplace", equalTo("2A004"))
                .body("birthcountry", equalTo("99100"))
                .body("email", equalTo("redeem-ok@example.fr"));
        redeem(citizen.subject(), citizen.activationCode(), "k2").statusCode(409)
                .body("type", equalTo(Problem.TYPE_BASE + "already-redeemed"));
    }

    @Test
    @TestSecurity(user = "keycloak", roles = InternalActivationResource.ROLE)
    void aRetryIsAnsweredAgainOnlyWithTheSameCodeAndSaysItIsAReplay() {
        Journeys.AwaitingCheck citizen = journeys.verified("redeem-retry", "ORSINI", "30000011");
        redeem(citizen.subject(), citizen.activationCode(), "k1").statusCode(200)
                .header(InternalActivationResource.REPLAYED_HEADER, "false");

        redeem(citizen.subject(), citizen.activationCode(), "k1").statusCode(200)
                .header(InternalActivationResource.REPLAYED_HEADER, "true")
                .body("birth_family_name", equalTo("ORSINI"));
        // The key alone (what a phone holding its device key can always reproduce) is not enough.
        redeem(citizen.subject(), wrong(citizen.activationCode()), "k1").statusCode(400)
                .body("type", equalTo(Problem.TYPE_BASE + "wrong-code"))
                .body("attempts_left", equalTo(4));
    }

    @Test
    @TestSecurity(user = "keycloak", roles = InternalActivationResource.ROLE)
    void aRetryWithWrongCodesKillsTheReplay() {
        Journeys.AwaitingCheck citizen = journeys.verified("redeem-retry-guess", "ORSINI", "30000012");
        redeem(citizen.subject(), citizen.activationCode(), "k1").statusCode(200);
        for (int i = 0; i < 4; i++) {
            redeem(citizen.subject(), wrong(citizen.activationCode()), "k1").statusCode(400);
        }
        redeem(citizen.subject(), wrong(citizen.activationCode()), "k1").statusCode(410);
        redeem(citizen.subject(), citizen.activationCode(), "k1").statusCode(410)
                .body("type", equalTo(Problem.TYPE_BASE + "code-exhausted"));
    }

    @Test
    @TestSecurity(user = "keycloak", roles = InternalActivationResource.ROLE)
    void aRetryAfterTheWindowIsRefusedEvenWithTheRightCode() {
        Journeys.AwaitingCheck citizen = journeys.verified("redeem-retry-late", "ORSINI", "30000013");
        redeem(citizen.subject(), citizen.activationCode(), "k1").statusCode(200);
        try {
            clock.advance(java.time.Duration.ofMinutes(6));
            redeem(citizen.subject(), citizen.activationCode(), "k1").statusCode(409)
                    .body("type", equalTo(Problem.TYPE_BASE + "already-redeemed"));
        } finally {
            clock.reset();
        }
    }

    @Test
    @TestSecurity(user = "keycloak", roles = InternalActivationResource.ROLE)
    void aSuspendedEnrollmentSaysSoAndKeepsItsCode() {
        Journeys.AwaitingCheck citizen = journeys.verified("redeem-suspended", "ALBERTINI", "30000009");
        admin.suspend(citizen.enrollmentId(), new Actor("operator", Actor.ADMIN), "suspected fraud");
        redeem(citizen.subject(), citizen.activationCode(), null).statusCode(409)
                .body("type", equalTo(Problem.TYPE_BASE + "suspended"));

        admin.reinstate(citizen.enrollmentId(), new Actor("operator", Actor.ADMIN), "cleared");
        redeem(citizen.subject(), citizen.activationCode(), null).statusCode(200)
                .body("birth_family_name", equalTo("ALBERTINI"));
    }

    @Test
    @TestSecurity(user = "keycloak", roles = InternalActivationResource.ROLE)
    void aCodeIsNotRedeemableBeforeTheIdentityIsVerified() {
        Journeys.AwaitingCheck citizen = journeys.awaitingInPersonCheck("redeem-early", "ALBERTINI", "30000002");
        redeem(citizen.subject(), citizen.activationCode(), null).statusCode(409)
                .body("type", equalTo(Problem.TYPE_BASE + "not-verified"));
    }

    @Test
    @TestSecurity(user = "keycloak", roles = InternalActivationResource.ROLE)
    void fiveWrongCodesKillTheActivationCode() {
        Journeys.AwaitingCheck citizen = journeys.verified("redeem-guess", "FILIPPI", "30000003");
        for (int i = 0; i < 4; i++) {
            redeem(citizen.subject(), wrong(citizen.activationCode()), null).statusCode(400);
        }
        redeem(citizen.subject(), wrong(citizen.activationCode()), null).statusCode(410);
        redeem(citizen.subject(), citizen.activationCode(), null).statusCode(410)
                .body("type", equalTo(Problem.TYPE_BASE + "code-exhausted"));
    }

    @Test
    @TestSecurity(user = "keycloak", roles = InternalActivationResource.ROLE)
    void twentyConcurrentRedemptionsOfOneCodeActivateExactlyOnce() throws Exception {
        Journeys.AwaitingCheck citizen = journeys.verified("redeem-race", "PIETRI", "30000004");
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String key = "race-" + i;
                calls.add(() -> redeem(citizen.subject(), citizen.activationCode(), key).extract().statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
            assertEquals(1, statuses.stream().filter(s -> s == 200).count(), "statuses: " + statuses);
            assertEquals(19, statuses.stream().filter(s -> s == 409).count(), "statuses: " + statuses);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @TestSecurity(user = "citizen-forging")
    void aCitizenCannotCallTheInternalApi() {
        redeem("someone", "123456", null).statusCode(403);
    }
}
