package fr.idnum.enrollment;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.Map;

import jakarta.inject.Inject;

import fr.idnum.enrollment.activation.InternalActivationResource;
import fr.idnum.enrollment.messaging.SmsGateway;
import fr.idnum.enrollment.support.Journeys;
import fr.idnum.enrollment.support.PostgresTestDatabase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** What the person on call sees on the management port: the service's own meters, and never a citizen's data. */
@QuarkusTest
@QuarkusTestResource(PostgresTestDatabase.class)
class MetricsTest {

    @Inject
    Journeys journeys;
    @Inject
    MeterRegistry metrics;
    @Inject
    SmsGateway sms;

    @TestHTTPResource(value = "/metrics", management = true) // under the management root, /q
    URL prometheus;

    @Test
    @TestSecurity(user = "keycloak", roles = InternalActivationResource.ROLE)
    void enrollmentsMessagesAndRedemptionsAreCountedAndScrapedWithoutPersonalData() {
        double started = count("idnum.enrollment.transitions", "from", "NONE", "to", "DRAFT");
        double activated = count("idnum.enrollment.transitions", "from", "VERIFIED", "to", "ACTIVE");
        double wrong = count("idnum.activation.redemptions", "outcome", "wrong");
        long smsSent = sent("sms", "sent");

        Journeys.AwaitingCheck citizen = journeys.verified("metrics-citizen", "PAOLI", "79000001");
        String wrongCode = citizen.activationCode().equals("000000") ? "111111" : "000000";
        given().contentType(ContentType.JSON).body(Map.of("subject", citizen.subject(), "activationCode", wrongCode))
                .post("/api/v1/internal/activations").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("subject", citizen.subject(), "activationCode", citizen.activationCode()))
                .post("/api/v1/internal/activations").then().statusCode(200);
        sms.send("+33679000001", "Identité Numérique : votre code de vérification est 424242");

        assertEquals(1, count("idnum.enrollment.transitions", "from", "NONE", "to", "DRAFT") - started);
        assertEquals(1, count("idnum.enrollment.transitions", "from", "VERIFIED", "to", "ACTIVE") - activated);
        assertEquals(1, count("idnum.activation.redemptions", "outcome", "wrong") - wrong);
        assertTrue(sent("sms", "sent") > smsSent, "the SMS went through the metered channel");

        String scraped = given().get(prometheus).then().statusCode(200).extract().asString();
        for (String meter : new String[] {"idnum_enrollment_transitions_total{", "idnum_activation_redemptions_total{",
                "idnum_messages_seconds_count{", "idnum_keycloak_outbox_pending", "idnum_keycloak_propagations_total{",
                "http_server_requests_seconds_count{", "jvm_memory_used_bytes"}) {
            assertTrue(scraped.contains(meter), meter + " is scraped");
        }
        // Tags are where personal data would leak (values are numbers, where any 6 digits may turn up by chance).
        String tags = scraped.lines().filter(l -> !l.startsWith("#") && l.contains("{"))
                .map(l -> l.substring(l.indexOf('{'), l.lastIndexOf('}') + 1)).reduce("", String::concat);
        for (String personal : new String[] {"metrics-citizen", "PAOLI", "79000001", citizen.activationCode(), "424242"}) {
            assertFalse(tags.contains(personal), "no citizen data in the metrics' tags: " + personal);
        }
    }

    private double count(String name, String... tags) {
        Counter counter = metrics.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    private long sent(String channel, String outcome) {
        Timer timer = metrics.find("idnum.messages").tag("channel", channel).tag("outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }
}
