package fr.idnum.enrollment.phone;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import fr.idnum.enrollment.activation.ActivationService;
import fr.idnum.enrollment.audit.Actor;
import fr.idnum.enrollment.enrollment.AuditEvent;
import fr.idnum.enrollment.messaging.Letter;
import fr.idnum.enrollment.messaging.RecordingLetterSender;
import fr.idnum.enrollment.support.CapturingMailSender;
import fr.idnum.enrollment.messaging.RecordingSmsGateway;
import fr.idnum.enrollment.problem.Problem;
import fr.idnum.enrollment.support.Journeys;
import fr.idnum.enrollment.support.PostgresTestDatabase;
import fr.idnum.enrollment.support.TestClock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.ClaimType;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresTestDatabase.class)
class PhoneChangeTest {

    private static final String PATH = "/api/v1/enrollments/current/mobile-phone";

    @Inject
    Journeys journeys;
    @Inject
    RecordingSmsGateway sms;
    @Inject
    ActivationService activation;
    @Inject
    CapturingMailSender mail;
    @Inject
    RecordingLetterSender letters;
    @Inject
    TestClock clock;

    private String lastText(String number) {
        List<RecordingSmsGateway.RecordedSms> texts = sms.sentTo(number);
        return texts.get(texts.size() - 1).text();
    }

    @Test
    @TestSecurity(user = "phone-change-early")
    @OidcSecurity(claims = @Claim(key = "sub", value = "phone-change-early"))
    void beforeTheCheckAProvenNewNumberGetsTheNewActivationCodeAndTheOldCodeDies() {
        Journeys.AwaitingCheck citizen = journeys.awaitingInPersonCheck("phone-change-early", "CASTELLI", "80000001");

        given().contentType(ContentType.JSON).body(Map.of("mobilePhone", "07 80 00 00 09")).post(PATH).then().statusCode(202);
        String checkCode = Journeys.lastCode(lastText("+33780000009"));
        given().get("/api/v1/enrollments/current").then().body("mobilePhone", equalTo("+33680000001"));

        given().contentType(ContentType.JSON).body(Map.of("code", checkCode)).post(PATH + "/verification").then().statusCode(204);
        given().get("/api/v1/enrollments/current").then().body("mobilePhone", equalTo("+33780000009"))
                .body("state", equalTo("AWAITING_VERIFICATION"));
        String newActivationCode = Journeys.lastCode(lastText("+33780000009"));
        assertTrue(lastText("+33780000009").contains("nouveau code d'activation"));
        assertEquals(List.of(), letters.sentFor(citizen.enrollmentId().toString()), "no letter before the identity check");
        if (!newActivationCode.equals(citizen.activationCode())) {
            assertEquals(1, activation.findAwaitingCheck(newActivationCode, "CASTELLI").size());
            assertEquals(0, activation.findAwaitingCheck(citizen.activationCode(), "CASTELLI").size(),
                    "the code sent to the old number no longer works");
        }
    }

    @Test
    @TestSecurity(user = "phone-change")
    @OidcSecurity(claims = {@Claim(key = "sub", value = "phone-change"), @Claim(key = "auth_time", value = "1700000000", type = ClaimType.LONG)})
    void afterTheCheckTheNewNumberGetsNoCodeTheOldNumberAndTheEmailAreToldAndTheCodeIsPosted() {
        Journeys.AwaitingCheck citizen = journeys.verified("phone-change", "ROCCA", "80000003");
        int textsToOldNumber = sms.sentTo("+33680000003").size();

        given().contentType(ContentType.JSON).body(Map.of("mobilePhone", "07 80 00 00 07")).post(PATH).then().statusCode(202);
        String checkCode = Journeys.lastCode(lastText("+33780000007"));
        given().contentType(ContentType.JSON).body(Map.of("code", checkCode)).post(PATH + "/verification").then().statusCode(204);
        given().get("/api/v1/enrollments/current").then().body("mobilePhone", equalTo("+33780000007")).body("state", equalTo("VERIFIED"));

        assertEquals(1, sms.sentTo("+33780000007").size(), "the new number got its ownership code, and nothing else");
        List<RecordingSmsGateway.RecordedSms> toOld = sms.sentTo("+33680000003");
        assertEquals(textsToOldNumber + 1, toOld.size());
        assertTrue(toOld.get(toOld.size() - 1).text().startsWith("Identité Numérique : le numéro de votre compte a été changé"));
        assertEquals(null, Journeys.lastCode(toOld.get(toOld.size() - 1).text()), "no code to the old number");
        List<CapturingMailSender.Mail> toMail = mail.sentTo("phone-change@example.fr");
        CapturingMailSender.Mail notice = toMail.get(toMail.size() - 1);
        assertTrue(notice.subject().contains("Votre numéro de téléphone a été changé"), notice.subject());
        assertTrue(notice.text().contains("se terminant par 07") && notice.text().contains("Si ce n'est pas vous"), notice.text());
        assertTrue(notice.text().indexOf("Bonjour") < notice.text().indexOf("Hello"), "French first");
        assertEquals(null, Journeys.lastCode(notice.text()), "no code in the e-mail");

        List<RecordingLetterSender.RecordedLetter> posted = letters.sentFor(citizen.enrollmentId().toString());
        assertEquals(1, posted.size());
        Letter letter = posted.get(0).letter();
        assertEquals("Jean-Pierre Louis ROCCA", letter.recipient());
        assertEquals("3 cours Napoléon", letter.address().line1());
        assertEquals("20000", letter.address().postalCode());
        String postedCode = Journeys.lastCode(letter.text().substring(letter.text().indexOf("est :")));

        Actor keycloak = new Actor("keycloak", Actor.SYSTEM);
        if (!postedCode.equals(citizen.activationCode())) {
            assertInstanceOf(ActivationService.Redemption.CoolingOff.class, activation.redeem("phone-change", citizen.activationCode(), null, keycloak),
                    "the code on the old phone is dead (and no code is compared during the cooling-off)");
        }
        assertInstanceOf(ActivationService.Redemption.CoolingOff.class, activation.redeem("phone-change", postedCode, null, keycloak));
        clock.advance(Duration.ofDays(3).plusMinutes(1));
        try {
            if (!postedCode.equals(citizen.activationCode())) {
                assertInstanceOf(ActivationService.Redemption.Wrong.class, activation.redeem("phone-change", citizen.activationCode(), null, keycloak));
            }
            assertInstanceOf(ActivationService.Redemption.Redeemed.class, activation.redeem("phone-change", postedCode, null, keycloak));
        } finally {
            clock.reset();
        }
        List<String> trail = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() -> AuditEvent.trailOf(citizen.enrollmentId())).stream().map(e -> e.action).toList();
        assertTrue(trail.containsAll(List.of("mobile-phone-changed", "activation-code-posted")), trail.toString());
    }

    @Test
    @TestSecurity(user = "phone-change-stale")
    @OidcSecurity(claims = {@Claim(key = "sub", value = "phone-change-stale"), @Claim(key = "auth_time", value = "1", type = ClaimType.LONG)})
    void afterTheCheckANumberChangeNeedsARecentSignIn() {
        journeys.verified("phone-change-stale", "LUCIANI", "80000004");

        given().contentType(ContentType.JSON).body(Map.of("mobilePhone", "07 80 00 00 06")).post(PATH).then().statusCode(401)
                .header("WWW-Authenticate", containsString("insufficient_user_authentication"))
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(Problem.TYPE_BASE + "recent-sign-in-required"));
        assertEquals(0, sms.sentTo("+33780000006").size());
    }

    @Test
    @TestSecurity(user = "phone-change-wrong")
    @OidcSecurity(claims = @Claim(key = "sub", value = "phone-change-wrong"))
    void aWrongCodeKeepsTheOldNumberAndRefusalsAreClear() {
        journeys.awaitingInPersonCheck("phone-change-wrong", "GIUDICELLI", "80000002");
        given().contentType(ContentType.JSON).body(Map.of("mobilePhone", "01 23 45 67 89")).post(PATH).then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("mobilePhone", "06 80 00 00 02")).post(PATH).then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("code", "123456")).post(PATH + "/verification").then().statusCode(409)
                .body("type", equalTo(Problem.TYPE_BASE + "no-phone-change"));

        given().contentType(ContentType.JSON).body(Map.of("mobilePhone", "07 80 00 00 08")).post(PATH).then().statusCode(202);
        String code = Journeys.lastCode(lastText("+33780000008"));
        String wrong = code.equals("000000") ? "111111" : "000000";
        given().contentType(ContentType.JSON).body(Map.of("code", wrong)).post(PATH + "/verification").then().statusCode(400)
                .body("type", equalTo(Problem.TYPE_BASE + "wrong-code"));
        given().get("/api/v1/enrollments/current").then().body("mobilePhone", equalTo("+33680000002"));
        given().contentType(ContentType.JSON).body(Map.of("mobilePhone", "07 80 00 00 08")).post(PATH).then().statusCode(429);
        assertEquals(1, sms.sentTo("+33780000008").size());
    }
}
