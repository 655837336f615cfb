package fr.idnum.enrollment.backoffice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import fr.idnum.enrollment.support.PostgresTestDatabase;
import fr.idnum.enrollment.support.RequestTally;
import fr.idnum.enrollment.support.StandInIssuer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Order;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Keycloak issues JWTs only, and this service has no introspection credentials: a bearer that is not a JWT is
 * refused here, never sent to Keycloak's introspection endpoint, where each one cost an ERROR and two warnings in
 * Keycloak's log (issue 14). The service is pointed at a stand-in issuer that counts introspection calls.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestDatabase.class)
// Before the default-profile tests: switching profiles restarts the application (see DemoOutboxWithRealSmsGatewayTest).
@Order(3)
@TestProfile(OpaqueTokenTest.DiscoveredIssuer.class)
class OpaqueTokenTest {

    /** Counts every request of this class for the campaign's totals (docs/security-tests.md). */
    private static final RequestTally TALLY = new RequestTally();

    @AfterAll
    static void tally() {
        TALLY.write(OpaqueTokenTest.class);
    }

    private static RequestSpecification given() {
        return TALLY.given();
    }

    /** The real configuration's way of finding the issuer (discovery), against the stand-in. */
    public static class DiscoveredIssuer implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.oidc.discovery-enabled", "true", "quarkus.oidc.public-key", "");
        }

        @Override
        public java.util.List<TestResourceEntry> testResources() {
            return java.util.List.of(new TestResourceEntry(Issuer.class));
        }
    }

    /** Discovery document, an empty JWKS, and an introspection endpoint that counts. */
    public static class Issuer implements QuarkusTestResourceLifecycleManager {

        static final AtomicInteger INTROSPECTIONS = new AtomicInteger();
        private StandInIssuer issuer;

        @Override
        public Map<String, String> start() {
            issuer = StandInIssuer.start()
                    .answer("certs", exchange -> StandInIssuer.json(exchange, "{\"keys\":[]}"))
                    .answer("introspect", exchange -> {
                        INTROSPECTIONS.incrementAndGet();
                        StandInIssuer.json(exchange, "{\"active\":false}");
                    });
            return Map.of("quarkus.oidc.auth-server-url", issuer.url());
        }

        @Override
        public void stop() {
            if (issuer != null) {
                issuer.stop();
            }
        }
    }

    @Test
    void anOpaqueBearerIsRefusedWithoutAskingTheIssuer() {
        given().header("Authorization", "Bearer 8f14e45fceea167a5a36dedd4bea2543").get("/api/v1/enrollments/current")
                .then().statusCode(401);
        assertEquals(0, Issuer.INTROSPECTIONS.get(), "introspection calls");
    }
}
