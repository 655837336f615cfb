package fr.idnum.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import fr.idnum.e2e.support.Enrollments;
import fr.idnum.e2e.support.IdnumRealmConfig;
import fr.idnum.e2e.support.IdnumServerConfig;
import fr.idnum.e2e.support.TestEnvironment;
import fr.idnum.protocol.DeviceApi;
import fr.idnum.protocol.DeviceProblems;
import fr.idnum.protocol.Platform;
import fr.idnum.protocol.enrollment.DeviceCredential;
import fr.idnum.simulator.device.DeviceApiProblem;
import fr.idnum.testsupport.CampaignTally;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.injection.LifeCycle;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Hostile input found from outside (issue 14) that needs the real server: push tokens no push can ever reach,
 * refused by the device API before they are stored, and a form body with a bad percent-escape on our logout front
 * door and on Keycloak's own endpoints (measured; not fixed).
 */
@KeycloakIntegrationTest(config = IdnumServerConfig.class)
class HostileInputsIT {

    private static final String GOOD_PIN = "2580";
    /** This class's counts for the campaign's totals (docs/security-tests.md). */
    private static final CampaignTally TALLY = new CampaignTally();

    @InjectRealm(config = IdnumRealmConfig.class, lifecycle = LifeCycle.GLOBAL)
    ManagedRealm realm;

    private final HttpClient http = HttpClient.newHttpClient();

    @AfterAll
    static void tally() {
        TALLY.write(HostileInputsIT.class);
    }

    /**
     * Still 500: Keycloak's handler chain (KeycloakHandlerChainCustomizer adds a FormBodyHandler to every POST) parses
     * the form before our resource method runs, and its IllegalArgumentException becomes KeycloakErrorHandler's 500.
     * Catching it in IdnumResource was tried and never runs. See docs/security-tests.md.
     */
    @Disabled("issue 14: the form is parsed by Keycloak before any extension code; no fix found yet")
    @Test
    void aBadPercentEscapeOnOurLogoutFrontDoorIsABadRequest() throws Exception {
        URI logout = DeviceApi.endpoint(URI.create(TestEnvironment.ISSUER), "logout");

        HttpResponse<String> form = http.send(HttpRequest.newBuilder(logout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("client_id=%zz&post_logout_redirect_uri=%E0%A4%A")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, form.statusCode(), form.body());

        HttpResponse<String> query = http.send(HttpRequest.newBuilder(URI.create(logout + "?client_id=%zz")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(query.statusCode() < 500, "GET with %zz: " + query.statusCode() + " " + query.body());
    }

    /** Not ours to fix: measured so docs/security-tests.md says what Keycloak core does with the same body. */
    @Test
    void keycloaksOwnEndpointsOnABadPercentEscapeAreMeasured() throws Exception {
        for (String endpoint : List.of("protocol/openid-connect/token", "protocol/openid-connect/token/introspect",
                "protocol/openid-connect/revoke", "protocol/openid-connect/logout", "protocol/openid-connect/ext/ciba/auth")) {
            HttpResponse<String> reply = http.send(HttpRequest.newBuilder(URI.create(TestEnvironment.ISSUER + "/" + endpoint))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=%zz")).build(), HttpResponse.BodyHandlers.ofString());
            System.out.println("Keycloak " + endpoint + " with grant_type=%zz: HTTP " + reply.statusCode());
            // Keycloak core's own 500 (docs/security-tests.md): reported apart in the totals, not hidden, not ours.
            TALLY.cases(1);
            if (reply.statusCode() >= 500) {
                TALLY.knownServerError();
            }
        }
    }

    @Test
    void anActivationWithAPushTokenNoPushCanReachIsRefusedAndSpendsNothing() throws Exception {
        Enrollments.Citizen citizen = Enrollments.verified(realm);
        var device = citizen.phone().device();
        for (String token : List.of("<img src=x onerror=alert(1)>", "fcm\r\nX-Injected: 1", "fcm\u0000token", "t".repeat(10) + " ")) {
            String jws = device.activationRequest(citizen.phone().state().key(),
                    device.activationClaims(citizen.activationCode(), GOOD_PIN, token, Platform.ANDROID, "Pixel"));
            var reply = device.send(DeviceApi.ACTIVATION, jws, citizen.phone().accessToken());
            TALLY.answered(reply.status());
            assertEquals(400, reply.status(), reply.body());
            assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.INVALID_REQUEST, reply.problem().type());
        }
        assertTrue(devices(citizen).isEmpty(), "no phone stored");
        assertEquals("VERIFIED", citizen.phone().enrollment().current().state(), "the code was not spent");
    }

    @Test
    void aNewPushTokenNoPushCanReachIsRefusedAndTheOldOneKept() throws Exception {
        Enrollments.Citizen citizen = Enrollments.verified(realm);
        citizen.phone().activate(citizen.activationCode(), GOOD_PIN, "fcm-token-1", Platform.ANDROID, "Pixel");

        DeviceApiProblem refused = assertThrows(DeviceApiProblem.class,
                () -> citizen.phone().updatePushToken("fcm\r\n<script>alert(1)</script>", GOOD_PIN));
        TALLY.answered(refused.status());
        assertEquals(400, refused.status());
        assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.INVALID_REQUEST, refused.type());
        assertEquals("fcm-token-1", JSONObjectUtils.parse(devices(citizen).get(0).getCredentialData()).get("pushToken"));
    }

    private List<CredentialRepresentation> devices(Enrollments.Citizen citizen) {
        return realm.admin().users().get(citizen.userId()).credentials().stream()
                .filter(c -> DeviceCredential.TYPE.equals(c.getType())).toList();
    }
}
