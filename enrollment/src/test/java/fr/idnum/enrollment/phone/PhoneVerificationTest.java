package fr.idnum.enrollment.phone;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import fr.idnum.enrollment.enrollment.AuditEvent;
import fr.idnum.enrollment.enrollment.EnrollmentState;
import fr.idnum.enrollment.messaging.RecordingSmsGateway;
import fr.idnum.enrollment.onetimecode.Attempt;
import fr.idnum.enrollment.problem.Problem;
import fr.idnum.enrollment.support.Identities;
import fr.idnum.enrollment.support.PostgresTestDatabase;
import fr.idnum.enrollment.support.TestClock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresTestDatabase.class)
class PhoneVerificationTest {

    private static final Pattern CODE = Pattern.compile("\\b([0-9]{6})\\b");

    @Inject
    RecordingSmsGateway sms;

    @Inject
    TestClock clock;

    @Inject
    DataSource dataSource;

    @Inject
    PhoneCheckService phoneChecks;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** Starts an enrollment with its own mobile number; returns that number in E.164. */
    private String startWithOwnNumber(String subscriber) {
        Map<String, Object> body = Identities.with("mobilePhone", "07" + subscriber);
        given().contentType(ContentType.JSON).body(body).post("/api/v1/enrollments").then().statusCode(201);
        return "+337" + subscriber;
    }

    private String lastCodeSentTo(String number) {
        List<RecordingSmsGateway.RecordedSms> texts = sms.sentTo(number);
        Matcher m = CODE.matcher(texts.get(texts.size() - 1).text());
        assertTrue(m.find());
        return m.group(1);
    }

    private static io.restassured.response.ValidatableResponse submit(String code) {
        return given().contentType(ContentType.JSON).body(Map.of("code", code))
                .post("/api/v1/enrollments/current/phone-verification").then();
    }

    private static String wrong(String code) {
        return code.equals("000000") ? "111111" : "000000";
    }

    @Test
    @TestSecurity(user = "phone-ok")
    @OidcSecurity(claims = @Claim(key = "sub", value = "phone-ok"))
    void theRightCodeVerifiesThePhoneOnceAndIsAudited() {
        String number = startWithOwnNumber("10000001");
        String code = lastCodeSentTo(number);

        submit(wrong(code)).statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(Problem.TYPE_BASE + "wrong-code"))
                .body("detail", containsString("Attempts left: 4"));
        submit(code).statusCode(204);
        String id = given().get("/api/v1/enrollments/current").then().statusCode(200)
                .body("state", equalTo("PHONE_VERIFIED")).extract().path("id");
        submit(code).statusCode(409);

        List<AuditEvent> trail = QuarkusTransaction.requiringNew().call(() -> AuditEvent.trailOf(UUID.fromString(id)));
        assertEquals(List.of("start", "phone-verified"), trail.stream().map(e -> e.action).toList());
        assertEquals(EnrollmentState.DRAFT, trail.get(1).fromState);
        assertEquals(EnrollmentState.PHONE_VERIFIED, trail.get(1).toState);
    }

    @Test
    @TestSecurity(user = "phone-guesser")
    @OidcSecurity(claims = @Claim(key = "sub", value = "phone-guesser"))
    void fiveWrongCodesKillTheCodeEvenForTheRightOne() {
        String number = startWithOwnNumber("10000002");
        String code = lastCodeSentTo(number);
        for (int i = 4; i >= 1; i--) {
            submit(wrong(code)).statusCode(400).body("detail", containsString("Attempts left: " + i));
        }
        submit(wrong(code)).statusCode(410).body("type", equalTo(Problem.TYPE_BASE + "code-exhausted"));
        submit(code).statusCode(410).body("type", equalTo(Problem.TYPE_BASE + "code-exhausted"));
        given().get("/api/v1/enrollments/current").then().body("state", equalTo("DRAFT"));
    }

    @Test
    @TestSecurity(user = "phone-racer")
    @OidcSecurity(claims = @Claim(key = "sub", value = "phone-racer"))
    void twentyConcurrentWrongCodesCostTwentyAttempts() throws Exception {
        String number = startWithOwnNumber("10000009");
        String code = lastCodeSentTo(number);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<Attempt>> tries = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                tries.add(pool.submit(() -> phoneChecks.verify("phone-racer", wrong(code))));
            }
            List<Attempt> outcomes = new ArrayList<>();
            for (Future<Attempt> attempt : tries) {
                outcomes.add(attempt.get(60, TimeUnit.SECONDS));
            }
            assertEquals(4, outcomes.stream().filter(o -> o instanceof Attempt.Wrong).count(),
                    "each wrong code counts, even sent at once: " + outcomes);
            assertEquals(16, outcomes.stream().filter(o -> o instanceof Attempt.Exhausted).count());
        } finally {
            pool.shutdownNow();
        }
        submit(code).statusCode(410).body("type", equalTo(Problem.TYPE_BASE + "code-exhausted"));
    }

    @Test
    @TestSecurity(user = "phone-late")
    @OidcSecurity(claims = @Claim(key = "sub", value = "phone-late"))
    void aCodeExpiresAfterTenMinutes() {
        String number = startWithOwnNumber("10000003");
        String code = lastCodeSentTo(number);
        clock.advance(Duration.ofMinutes(10));
        submit(code).statusCode(410).body("type", equalTo(Problem.TYPE_BASE + "code-expired"));
    }

    @Test
    @TestSecurity(user = "phone-resend")
    @OidcSecurity(claims = @Claim(key = "sub", value = "phone-resend"))
    void resendingWaitsForTheCooldownAndKillsThePreviousCode() {
        String number = startWithOwnNumber("10000004");
        String first = lastCodeSentTo(number);

        given().post("/api/v1/enrollments/current/phone-verification/resend").then()
                .statusCode(429).header("Retry-After", equalTo("60"));
        clock.advance(Duration.ofSeconds(61));
        given().post("/api/v1/enrollments/current/phone-verification/resend").then().statusCode(202);
        String second = lastCodeSentTo(number);
        assertEquals(2, sms.sentTo(number).size());

        if (!first.equals(second)) {
            submit(first).statusCode(400);
        }
        submit(second).statusCode(204);
    }

    @Test
    @TestSecurity(user = "phone-spammer")
    @OidcSecurity(claims = @Claim(key = "sub", value = "phone-spammer"))
    void atMostFiveCodesAreSentForAnEnrollment() {
        String number = startWithOwnNumber("10000005");
        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofSeconds(61));
            given().post("/api/v1/enrollments/current/phone-verification/resend").then().statusCode(202);
        }
        clock.advance(Duration.ofSeconds(61));
        given().post("/api/v1/enrollments/current/phone-verification/resend").then().statusCode(429)
                .body("type", equalTo(Problem.TYPE_BASE + "no-more-codes"));
        assertEquals(5, sms.sentTo(number).size());
    }

    @Test
    @TestSecurity(user = "phone-malformed")
    @OidcSecurity(claims = @Claim(key = "sub", value = "phone-malformed"))
    void aMalformedCodeIsRefusedWithoutCostingAnAttempt() {
        String number = startWithOwnNumber("10000006");
        String code = lastCodeSentTo(number);
        submit("12345").statusCode(400).body("errors.field[0]", equalTo("code"));
        submit(wrong(code)).statusCode(400).body("detail", containsString("Attempts left: 4"));
    }

    @Test
    void onlyTheKeyedHashOfTheCodeIsStoredAndTheAuditTrailIsAppendOnly() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            var rows = sql.executeQuery("select code_hash from phone_check");
            while (rows.next()) {
                assertEquals(64, rows.getString(1).length(), "an HMAC-SHA256 in hex, not a 6-digit code");
            }
            assertThrows(SQLException.class, () -> sql.executeUpdate("update audit_event set reason = 'rewritten'"));
            assertThrows(SQLException.class, () -> sql.executeUpdate("delete from audit_event"));
        }
    }

    @Test
    @TestSecurity(user = "phone-other")
    @OidcSecurity(claims = @Claim(key = "sub", value = "phone-other"))
    void aCitizenWithoutEnrollmentHasNoCodeToSubmit() {
        submit("123456").statusCode(404);
    }
}
