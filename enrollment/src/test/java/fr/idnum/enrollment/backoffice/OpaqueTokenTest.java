package fr.idnum.enrollment.backoffice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import fr.idnum.enrollment.support.PostgresTestDatabase;
import fr.idnum.enrollment.support.RequestTally;
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
        private HttpServer server;

        @Override
        public Map<String, String> start() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            String issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/idnum";
            server.createContext("/realms/idnum/.well-known/openid-configuration", exchange -> json(exchange,
                    "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/certs\",\"token_endpoint\":\"" + issuer
                            + "/token\",\"introspection_endpoint\":\"" + issuer + "/introspect\"}"));
            server.createContext("/realms/idnum/certs", exchange -> json(exchange, "{\"keys\":[]}"));
            server.createContext("/realms/idnum/introspect", exchange -> {
                INTROSPECTIONS.incrementAndGet();
                json(exchange, "{\"active\":false}");
            });
            server.start();
            return Map.of("quarkus.oidc.auth-server-url", issuer);
        }

        private static void json(HttpExchange exchange, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        }

        @Override
        public void stop() {
            if (server != null) {
                server.stop(0);
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
