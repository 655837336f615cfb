package fr.idnum.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import fr.idnum.e2e.support.EnrollmentService;
import fr.idnum.e2e.support.IdnumRealmConfig;
import fr.idnum.e2e.support.IdnumServerConfig;
import fr.idnum.e2e.support.KeycloakServiceClient;
import fr.idnum.e2e.support.RelyingParty;
import fr.idnum.e2e.support.RemoteVerificationProvider;
import fr.idnum.e2e.support.TestEnvironment;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.injection.LifeCycle;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * The enrollment service as the end-to-end tests run it: its packaged jar, beside the real Keycloak, trusting
 * the realm's tokens; the harness the phone-activation tests build on.
 */
@KeycloakIntegrationTest(config = IdnumServerConfig.class)
class EnrollmentServiceIT {

    private static final String PROBLEM_JSON = "application/problem+json";

    @InjectRealm(config = IdnumRealmConfig.class, lifecycle = LifeCycle.GLOBAL)
    ManagedRealm realm;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theServiceStartsBesideKeycloakAndIsReady() throws Exception {
        EnrollmentService service = EnrollmentService.get();

        HttpResponse<String> ready = get(service.managementUrl() + "/q/health/ready", null);
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("\"UP\""), ready.body());
        System.out.println("Enrollment service ready in " + service.startTime().toMillis() + " ms");
        assertEquals(404, get(service.url() + "/q/metrics", null).statusCode(), "metrics stay off the API port");
        HttpResponse<String> metrics = get(service.managementUrl() + "/q/metrics", null);
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("idnum_keycloak_outbox_pending"), "the service's own meters are scraped");
    }

    @Test
    void theServiceAcceptsATokenKeycloakIssuedToItsServiceClientAndRefusesNoToken() throws Exception {
        String path = EnrollmentService.get().url() + "/api/v1/internal/enrollments/" + UUID.randomUUID() + "/status";

        HttpResponse<String> anonymous = get(path, null);
        assertEquals(401, anonymous.statusCode(), anonymous.body());

        HttpResponse<String> authorized = get(path, KeycloakServiceClient.token(realm));
        assertEquals(404, authorized.statusCode(), "a valid token reaches the resource, which knows no enrollment: "
                + authorized.body());
        assertTrue(authorized.headers().firstValue("Content-Type").orElse("").startsWith(PROBLEM_JSON));
        assertTrue(authorized.body().contains("no-enrollment"), authorized.body());
    }

    @Test
    void nobodyCanGetATokenOfKeycloaksServiceClientFromOutside() throws Exception {
        // Keycloak makes this client's tokens in-process; the client itself has no credential (signed JWT, no key).
        assertEquals("client-jwt", KeycloakServiceClient.client(realm).toRepresentation().getClientAuthenticatorType());
        // Whatever secret the client may hold in storage is worth nothing, nor is a guess.
        java.util.List<String> secrets = new java.util.ArrayList<>(java.util.List.of("guess-" + UUID.randomUUID()));
        String stored = KeycloakServiceClient.client(realm).getSecret().getValue();
        if (stored != null) {
            secrets.add(stored);
        }
        for (String secret : secrets) {
            com.nimbusds.oauth2.sdk.TokenResponse response = KeycloakServiceClient.grant(secret);
            assertTrue(!response.indicatesSuccess(), "a client credentials grant of idnum-keycloak must be refused");
            assertEquals("invalid_client", response.toErrorResponse().getErrorObject().getCode());
        }
    }

    @Test
    void theServiceTrustsTheRemoteProviderKeyOfThisRunOnly() throws Exception {
        // A well-signed callback for an enrollment that does not exist: past the signature check, refused as unknown.
        HttpResponse<String> unknown = RemoteVerificationProvider.get().verified(UUID.randomUUID());
        assertEquals(404, unknown.statusCode(), unknown.body());
    }

    @Test
    void theDemoOutboxIsOpenForTheEndToEndTests() throws Exception {
        HttpResponse<String> sms = get(EnrollmentService.get().url() + "/api/v1/demo/outbox/sms?to=%2B33600000000", null);
        assertEquals(200, sms.statusCode(), sms.body());
        assertEquals("[]", sms.body().trim());
        assertEquals(0, EnrollmentService.get().outbox().mailTo("nobody@example.fr").size());
    }

    private HttpResponse<String> get(String uri, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30)).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
