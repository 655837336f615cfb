package fr.idnum.enrollment.messaging;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import fr.idnum.enrollment.problem.Problem;
import fr.idnum.enrollment.support.PostgresTestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** With the real SMS gateway configured, the SMS outbox does not exist; the channels still recorded keep theirs. */
@QuarkusTest
@QuarkusTestResource(PostgresTestDatabase.class)
// Before the default-profile tests: switching profiles restarts the application, and SecretsNotLoggedTest
// (last) reads the SMS recorded by the application that ran all of them.
@Order(2)
@TestProfile(DemoOutboxWithRealSmsGatewayTest.RealSmsGateway.class)
class DemoOutboxWithRealSmsGatewayTest {

    /** The HTTP gateway, pointed where nothing listens: no SMS is sent by these tests. */
    public static class RealSmsGateway implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "idnum.messaging.sms.provider", "http",
                    "idnum.messaging.sms.http.url", "http://127.0.0.1:9/v1/sms",
                    "idnum.messaging.sms.http.api-key", "sms-api-key-for-tests");
        }
    }

    @Test
    void theSmsOutboxAnswers404WhenSmsGoToARealGateway() {
        given().queryParam("to", "+33612345678").get("/api/v1/demo/outbox/sms").then()
                .statusCode(404).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(Problem.TYPE_BASE + "no-outbox"))
                .body("status", equalTo(404));
    }

    @Test
    void thePushOutboxStillAnswersWhilePushesAreRecorded() {
        given().get("/api/v1/demo/outbox/push").then().statusCode(200);
    }
}
