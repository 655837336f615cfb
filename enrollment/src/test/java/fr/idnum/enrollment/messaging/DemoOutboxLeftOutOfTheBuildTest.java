package fr.idnum.enrollment.messaging;

import static io.restassured.RestAssured.given;

import java.util.Map;

import fr.idnum.enrollment.support.PostgresTestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * A build with the demo outbox switched off (as the production image's) has no such endpoint, even with every
 * channel a recording stand-in: what would have been sent cannot be read from outside.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestDatabase.class)
// Before the default-profile tests, like the other profile tests (SecretsNotLoggedTest reads the last application's log).
@Order(3)
@TestProfile(DemoOutboxLeftOutOfTheBuildTest.BuiltWithoutOutbox.class)
class DemoOutboxLeftOutOfTheBuildTest {

    public static class BuiltWithoutOutbox implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(DemoOutboxResource.BUILD_PROPERTY, "false");
        }
    }

    @Test
    void noOutboxEndpointExists() {
        for (String outbox : new String[] {"sms?to=%2B33612345678", "mail?to=a%40example.fr", "push", "letter?reference=x"}) {
            given().get("/api/v1/demo/outbox/" + outbox).then().statusCode(404);
        }
    }
}
