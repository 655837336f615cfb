package fr.idnum.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import fr.idnum.e2e.support.EnrollmentService;
import fr.idnum.e2e.support.Enrollments;
import fr.idnum.e2e.support.IdnumRealmConfig;
import fr.idnum.e2e.support.IdnumServerConfig;
import fr.idnum.e2e.support.KeycloakLog;
import fr.idnum.e2e.support.TestEnvironment;
import fr.idnum.protocol.DeviceApi;
import fr.idnum.protocol.DeviceProblems;
import fr.idnum.protocol.Platform;
import fr.idnum.protocol.enrollment.DeviceCredential;
import fr.idnum.simulator.device.DeviceApiProblem;
import fr.idnum.testsupport.CampaignTally;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.injection.LifeCycle;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Hostile input found from outside (issue 14) that needs the real server: push tokens no push can ever reach,
 * refused by the device API before they are stored, and malformed form bodies (a bad percent-escape, a NUL, not
 * UTF-8) on our logout front door and on Keycloak's own endpoints, refused with a 400 before Keycloak parses them.
 */
@KeycloakIntegrationTest(config = IdnumServerConfig.class)
class HostileInputsIT {

    private static final String GOOD_PIN = "2580";
    /** This class's counts for the campaign's totals (docs/security-tests.md). */
    private static final CampaignTally TALLY = new CampaignTally();

    /**
     * Malformed form bodies: Keycloak's handler chain parses the form of every POST before any endpoint runs, and its
     * parser's exception used to be KeycloakErrorHandler's 500 with an ERROR line (for a NUL, PostgreSQL's). Our
     * {@code MalformedFormFilter} now refuses them first (docs/security-tests.md, "Keycloak core and {@code %zz}").
     */
    private static final List<String> MALFORMED_FORMS = List.of(
            "client_id=%zz&post_logout_redirect_uri=%E0%A4%A", // a bad escape
            "client_id=mon-compte-formation&state=%",           // an escape cut by the end of the body
            "client_id=%C3%28",                                 // not UTF-8 once decoded
            "client_id=mcf%00");                                // a NUL, which PostgreSQL refuses

    @InjectRealm(config = IdnumRealmConfig.class, lifecycle = LifeCycle.GLOBAL)
    ManagedRealm realm;

    private final HttpClient http = HttpClient.newHttpClient();

    @AfterAll
    static void tally() {
        TALLY.write(HostileInputsIT.class);
    }

    @Test
    void aMalformedFormOnOurLogoutFrontDoorIsOurInvalidRequestProblem() throws Exception {
        URI logout = DeviceApi.endpoint(URI.create(TestEnvironment.ISSUER), "logout");
        long logStart = KeycloakLog.end();
        for (String body : MALFORMED_FORMS) {
            HttpResponse<String> form = postForm(logout, "application/x-www-form-urlencoded", body);
            TALLY.answered(form.statusCode());
            assertEquals(400, form.statusCode(), body + ": " + form.body());
            assertEquals(DeviceApi.PROBLEM_MEDIA_TYPE, form.headers().firstValue("Content-Type").orElse("").split(";")[0], body);
            assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.INVALID_REQUEST, JSONObjectUtils.parse(form.body()).get("type"), body);
        }
        assertNoErrorInKeycloaksLogSince(logStart);

        // Not refused: '+', %2B and multi-byte UTF-8 go on to Keycloak's logout as before (a redirect to it).
        HttpResponse<String> wellFormed = postForm(logout, "application/x-www-form-urlencoded",
                "client_id=mon-compte-formation&state=a%2Bb+%C3%A9t%C3%A9%F0%9F%98%80&ui_locales=");
        assertEquals(303, wellFormed.statusCode(), wellFormed.body());
    }

    /**
     * Not a form body, so not {@code MalformedFormFilter}'s: the HTTP layer refuses a bad escape in the query string
     * itself, a 400 with no body before any endpoint (Keycloak's or ours) runs, and nothing in Keycloak's log — as
     * measured on 2026-12-03, first on our logout front door, then on every kind of endpoint: Keycloak's OIDC
     * endpoints, its login actions and account console, our device API's status endpoint, and the enrollment
     * service's public, demo and admin endpoints. Asserted so that it stays so across upgrades.
     */
    @Test
    void aBadPercentEscapeInAQueryIsABadRequestBeforeAnyEndpoint() throws Exception {
        long logStart = KeycloakLog.end();
        URI issuer = URI.create(TestEnvironment.ISSUER);
        String realm = issuer.getRawPath();
        List<String> keycloakPaths = List.of(
                DeviceApi.endpoint(issuer, "logout").getRawPath() + "?client_id=%zz",
                realm + "/protocol/openid-connect/auth?client_id=%zz&response_type=code&scope=openid",
                realm + "/protocol/openid-connect/auth?client_id=mon-compte-formation&response_type=code&redirect_uri=%zz&state=%",
                realm + "/protocol/openid-connect/logout?id_token_hint=%zz&post_logout_redirect_uri=%E0%A4%A",
                realm + "/protocol/openid-connect/certs?x=%zz",
                realm + "/.well-known/openid-configuration?x=%zz",
                realm + "/protocol/openid-connect/userinfo?access_token=%zz",
                realm + "/login-actions/authenticate?session_code=%zz&execution=%zz&client_id=%zz&tab_id=%zz",
                realm + "/login-actions/reset-credentials?client_id=%zz",
                realm + "/login-actions/action-token?key=%zz&client_id=%zz",
                realm + "/account?referrer=%zz",
                DeviceApi.endpoint(issuer, "push/status").getRawPath() + "?tab_id=%zz",
                DeviceApi.endpoint(issuer, DeviceApi.PENDING_CHALLENGE).getRawPath() + "?x=%zz");
        for (String path : keycloakPaths) {
            assertBadRequest(issuer, path);
        }
        URI enrollment = URI.create(EnrollmentService.get().url());
        for (String path : List.of("/api/v1/reference/countries?x=%zz", "/api/v1/demo/outbox/sms?to=%zz",
                "/api/v1/admin/enrollments?birthName=%zz", "/api/v1/enrollments/current?x=%")) {
            assertBadRequest(enrollment, path);
        }
        assertNoErrorInKeycloaksLogSince(logStart);
    }

    /** {@code GET path} written on a socket (Java's URI refuses to send a malformed escape): a 400. */
    private static void assertBadRequest(URI server, String path) throws IOException {
        String status;
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + server.getAuthority()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1)).readLine();
        }
        System.out.printf("[hostile] GET %s: %s%n", path, status);
        int code = Integer.parseInt(status.split(" ")[1]);
        TALLY.answered(code);
        assertEquals(400, code, path + ": " + status);
    }

    @Test
    void keycloaksOwnFormEndpointsAnswerAMalformedBodyWithAnOAuthInvalidRequest() throws Exception {
        long logStart = KeycloakLog.end();
        for (String endpoint : List.of("protocol/openid-connect/token", "protocol/openid-connect/token/introspect",
                "protocol/openid-connect/revoke", "protocol/openid-connect/logout", "protocol/openid-connect/ext/ciba/auth")) {
            URI uri = URI.create(TestEnvironment.ISSUER + "/" + endpoint);
            for (String body : List.of("grant_type=%zz", "grant_type=authorization_code&code=%", "client_id=%C3%28",
                    "client_id=mcf%00")) {
                assertOAuthInvalidRequest(postForm(uri, "application/x-www-form-urlencoded", body), endpoint + " " + body);
            }
            assertOAuthInvalidRequest(postForm(uri, "application/x-www-form-urlencoded; charset=x-no-such-charset", "a=%41"),
                    endpoint + " with an unknown charset");
        }
        assertNoErrorInKeycloaksLogSince(logStart);

        // Not refused: the same characters well-formed reach Keycloak, which answers as ever (no such client).
        HttpResponse<String> wellFormed = postForm(URI.create(TestEnvironment.ISSUER + "/protocol/openid-connect/token"),
                "application/x-www-form-urlencoded", "grant_type=authorization_code&code=a%2Bb+c"
                        + "&client_id=%C3%A9t%C3%A9-inconnu&client_secret=x&redirect_uri=x");
        assertEquals(401, wellFormed.statusCode(), wellFormed.body());
        assertEquals("invalid_client", JSONObjectUtils.parse(wellFormed.body()).get("error"));
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

    private void assertOAuthInvalidRequest(HttpResponse<String> reply, String what) throws Exception {
        TALLY.answered(reply.statusCode());
        assertEquals(400, reply.statusCode(), what + ": " + reply.body());
        assertTrue(reply.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), what);
        assertEquals("no-store", reply.headers().firstValue("Cache-Control").orElse(""), what);
        assertEquals("invalid_request", JSONObjectUtils.parse(reply.body()).get("error"), what);
    }

    private static void assertNoErrorInKeycloaksLogSince(long offset) {
        List<String> errors = KeycloakLog.linesSince(offset).stream().filter(KeycloakLog::isError).toList();
        assertEquals(List.of(), errors, "Keycloak logged an ERROR for a malformed form");
    }

    private HttpResponse<String> postForm(URI uri, String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
