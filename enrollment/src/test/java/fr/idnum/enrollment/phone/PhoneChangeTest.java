package fr.idnum.enrollment.phone;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import fr.idnum.enrollment.activation.ActivationService;
import fr.idnum.enrollment.audit.Actor;
import fr.idnum.enrollment.messaging.RecordingSmsGateway;
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
class PhoneChangeTest {

    private static final String PATH = "/api/v1/enrollments/current/mobile-phone";

    @Inject
    Journeys journeys;
    @Inject
    RecordingSmsGateway sms;
    @Inject
    ActivationService activation;

    private String lastText(String number) {
        List<RecordingSmsGateway.RecordedSms> texts = sms.sentTo(number);
        return texts.get(texts.size() - 1).text();
    }

    @Test
    @TestSecurity(user = "phone-change")
    @OidcSecurity(claims = @Claim(key = "sub", value = "phone-change"))
    void aProvenNewNumberGetsANewActivationCodeAndTheOldCodeDies() {
        Journeys.AwaitingCheck citizen = journeys.verified("phone-change", "CASTELLI", "80000001");

        given().contentType(ContentType.JSON).body(Map.of("mobilePhone", "07 80 00 00 09")).post(PATH).then().statusCode(202);
        String checkCode = Journeys.lastCode(lastText("+33780000009"));
        given().get("/api/v1/enrollments/current").then().body("mobilePhone", equalTo("+33680000001"));

        given().contentType(ContentType.JSON).body(Map.of("code", checkCode)).post(PATH + "/verification").then().statusCode(204);
        given().get("/api/v1/enrollments/current").then().body("mobilePhone", equalTo("+33780000009")).body("state", equalTo("VERIFIED"));
        String newActivationCode = Journeys.lastCode(lastText("+33780000009"));
        assertTrue(lastText("+33780000009").contains("nouveau code d'activation"));

        Actor keycloak = new Actor("keycloak", Actor.SYSTEM);
        if (!newActivationCode.equals(citizen.activationCode())) {
            assertTrue(activation.redeem("phone-change", citizen.activationCode(), null, keycloak)
                    instanceof ActivationService.Redemption.Wrong, "the code sent to the old number no longer works");
        }
        assertTrue(activation.redeem("phone-change", newActivationCode, null, keycloak) instanceof ActivationService.Redemption.Redeemed);
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
