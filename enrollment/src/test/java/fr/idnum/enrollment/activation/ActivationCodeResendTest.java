package fr.idnum.enrollment.activation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import fr.idnum.enrollment.audit.Actor;
import fr.idnum.enrollment.messaging.RecordingRegisteredLetterSender;
import fr.idnum.enrollment.messaging.RecordingSmsGateway;
import fr.idnum.enrollment.problem.Problem;
import fr.idnum.enrollment.support.Journeys;
import fr.idnum.enrollment.support.PostgresTestDatabase;
import fr.idnum.enrollment.support.TestClock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresTestDatabase.class)
class ActivationCodeResendTest {

    private static final String PATH = "/api/v1/enrollments/current/activation-code/resend";

    @Inject
    Journeys journeys;
    @Inject
    RecordingSmsGateway sms;
    @Inject
    ActivationService activation;
    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    @TestSecurity(user = "resend-ok")
    @OidcSecurity(claims = @Claim(key = "sub", value = "resend-ok"))
    void aNewCodeReplacesTheLostOneAfterTheCooldown() {
        Journeys.AwaitingCheck citizen = journeys.verified("resend-ok", "SANTONI", "70000001");
        given().post(PATH).then().statusCode(429).header("Retry-After", equalTo("120"));

        clock.advance(Duration.ofMinutes(2));
        given().post(PATH).then().statusCode(202);
        List<RecordingSmsGateway.RecordedSms> texts = sms.sentTo("+33670000001");
        String newCode = Journeys.lastCode(texts.get(texts.size() - 1).text());
        assertTrue(texts.get(texts.size() - 1).text().contains("nouveau code"));

        Actor keycloak = new Actor("keycloak", Actor.SYSTEM);
        if (!newCode.equals(citizen.activationCode())) {
            assertTrue(activation.redeem("resend-ok", citizen.activationCode(), "k-old", keycloak)
                    instanceof ActivationService.Redemption.Wrong, "the old code no longer works");
        }
        assertTrue(activation.redeem("resend-ok", newCode, "k-new", keycloak) instanceof ActivationService.Redemption.Redeemed);
        given().post(PATH).then().statusCode(409).body("type", equalTo(Problem.TYPE_BASE + "no-activation-code"));
    }

    @Inject
    RecordingRegisteredLetterSender registeredLetters;

    @Test
    @TestSecurity(user = "resend-remote")
    @OidcSecurity(claims = @Claim(key = "sub", value = "resend-remote"))
    void afterARemoteCheckTheNewCodeGoesByRegisteredLetterNeverBySms() {
        Journeys.AwaitingCheck citizen = journeys.remotelyVerified("resend-remote", "PERETTI", "70000009");
        int texts = sms.sentTo("+33670000009").size();

        clock.advance(Duration.ofMinutes(2));
        given().post(PATH).then().statusCode(202);

        assertEquals(texts, sms.sentTo("+33670000009").size(), "the phone number was not proven by the remote check");
        var letters = registeredLetters.sentTo("resend-remote@example.fr");
        assertEquals(1, letters.size(), "the replacement (the journey issued the first code through the service, unsent)");
        String newCode = Journeys.lastCode(letters.get(0).letter().text());
        if (!newCode.equals(citizen.activationCode())) {
            assertTrue(activation.redeem("resend-remote", citizen.activationCode(), "k-old", new Actor("keycloak", Actor.SYSTEM))
                    instanceof ActivationService.Redemption.Wrong, "the first code no longer works");
        }
        assertTrue(activation.redeem("resend-remote", newCode, "k-remote", new Actor("keycloak", Actor.SYSTEM))
                instanceof ActivationService.Redemption.Redeemed, "the registered letter's code works");
    }

    @Test
    @TestSecurity(user = "resend-many")
    @OidcSecurity(claims = @Claim(key = "sub", value = "resend-many"))
    void atMostSixCodesAreIssuedForAnEnrollment() {
        journeys.awaitingInPersonCheck("resend-many", "VINCIGUERRA", "70000002");
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofMinutes(2));
            given().post(PATH).then().statusCode(202);
        }
        clock.advance(Duration.ofMinutes(2));
        given().post(PATH).then().statusCode(429).body("type", equalTo(Problem.TYPE_BASE + "no-more-codes"));
        // The first code was issued by the journey itself (no SMS); the 5 resends were texted.
        assertEquals(5, sms.sentTo("+33670000002").stream().filter(t -> t.text().contains("nouveau code")).count());
    }

    @Test
    @TestSecurity(user = "resend-early")
    @OidcSecurity(claims = @Claim(key = "sub", value = "resend-early"))
    void thereIsNoActivationCodeBeforeTheModeIsChosen() {
        given().post(PATH).then().statusCode(404);
    }
}
