package fr.idnum.e2e.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import fr.idnum.e2e.support.IdnumRealmConfig;
import fr.idnum.e2e.support.IdnumServerConfig;
import fr.idnum.e2e.support.TestEnvironment;
import fr.idnum.protocol.DeviceApi;
import fr.idnum.protocol.DeviceClaims;
import fr.idnum.protocol.DeviceProblems;
import fr.idnum.protocol.DeviceRequests;
import fr.idnum.testsupport.CampaignTally;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.injection.LifeCycle;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * What the device API refuses before it knows who is calling: requests without the app's token, from a
 * phone it does not know, in the wrong media type, too large or not a JWS. Each is a precise problem+json.
 */
@KeycloakIntegrationTest(config = IdnumServerConfig.class)
class DeviceApiRefusalsIT {

    private static final URI ISSUER = URI.create(TestEnvironment.ISSUER);
    /** This class's counts for the campaign's totals (docs/security-tests.md). */
    private static final CampaignTally TALLY = new CampaignTally();

    @InjectRealm(config = IdnumRealmConfig.class, lifecycle = LifeCycle.GLOBAL)
    ManagedRealm realm;

    private final HttpClient http = HttpClient.newHttpClient();

    @AfterAll
    static void tally() {
        TALLY.write(DeviceApiRefusalsIT.class);
    }

    @Test
    void activationWithoutTheAppsTokenIsUnauthorized() throws Exception {
        HttpResponse<String> response = post(DeviceApi.ACTIVATION, DeviceApi.JOSE_MEDIA_TYPE, "x.y.z", null);
        assertProblem(response, 401, DeviceProblems.INVALID_TOKEN);
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
    }

    @Test
    void activationWithAForgedTokenIsUnauthorized() throws Exception {
        HttpResponse<String> response = post(DeviceApi.ACTIVATION, DeviceApi.JOSE_MEDIA_TYPE, "x.y.z", "eyJhbGciOiJub25lIn0.e30.");
        assertProblem(response, 401, DeviceProblems.INVALID_TOKEN);
    }

    @Test
    void requestOfAnUnknownPhoneIsUnauthorized() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        String jws = DeviceRequests.sign(key, "00000000-0000-0000-0000-000000000000",
                DeviceApi.endpoint(ISSUER, DeviceApi.PUSH_TOKEN), Map.of(DeviceClaims.PUSH_TOKEN, "t"), Instant.now());
        assertProblem(post(DeviceApi.PUSH_TOKEN, DeviceApi.JOSE_MEDIA_TYPE, jws, null), 401, DeviceProblems.INVALID_DEVICE_REQUEST);
    }

    @Test
    void requestInAnotherMediaTypeIsRefused() throws Exception {
        assertProblem(post(DeviceApi.PUSH_TOKEN, "application/json", "{}", null), 415, DeviceProblems.UNSUPPORTED_MEDIA_TYPE);
    }

    @Test
    void oversizedRequestIsRefusedUnread() throws Exception {
        String huge = "a".repeat(DeviceApi.MAX_BODY_BYTES + 1);
        assertProblem(post(DeviceApi.DEACTIVATION, DeviceApi.JOSE_MEDIA_TYPE, huge, null), 413, DeviceProblems.REQUEST_TOO_LARGE);
    }

    @Test
    void somethingThatIsNoJwsIsABadRequest() throws Exception {
        assertProblem(post(DeviceApi.PIN_CHANGE, DeviceApi.JOSE_MEDIA_TYPE, "not a jws", null), 400, DeviceProblems.INVALID_REQUEST);
    }

    static void assertProblem(HttpResponse<String> response, int status, String type) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(DeviceApi.PROBLEM_MEDIA_TYPE, response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        Map<String, Object> problem = JSONObjectUtils.parse(response.body());
        assertEquals(DeviceProblems.TYPE_BASE + type, problem.get("type"));
        assertEquals(status, ((Number) problem.get("status")).intValue());
    }

    private HttpResponse<String> post(String path, String mediaType, String body, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(DeviceApi.endpoint(ISSUER, path))
                .header("Content-Type", mediaType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        TALLY.answered(response.statusCode());
        return response;
    }
}
