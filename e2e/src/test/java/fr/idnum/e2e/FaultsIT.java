package fr.idnum.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import fr.idnum.e2e.support.Browser;
import fr.idnum.e2e.support.Citizens;
import fr.idnum.e2e.support.EnrollmentService;
import fr.idnum.e2e.support.Enrollments;
import fr.idnum.e2e.support.IdnumRealmConfig;
import fr.idnum.e2e.support.IdnumServerConfig;
import fr.idnum.e2e.support.KeycloakLog;
import fr.idnum.e2e.support.Login;
import fr.idnum.e2e.support.PushLogin;
import fr.idnum.e2e.support.RelyingParty;
import fr.idnum.e2e.support.RotatingJwks;
import fr.idnum.e2e.support.TestEnvironment;
import fr.idnum.protocol.Challenges;
import fr.idnum.protocol.DeviceProblems;
import fr.idnum.simulator.PhoneApp;
import fr.idnum.simulator.device.DeviceApiProblem;
import fr.idnum.testsupport.CampaignTally;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientPoliciesRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.injection.LifeCycle;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Faults seen from Keycloak's side, on one node (issue 14, docs/security-tests.md "Faults"): the enrollment service
 * down during a sign-in and during an activation, the hub's JWKS down, a phone whose clock is off. After each, no
 * unexpected 5xx and nothing logged at ERROR by Keycloak while the fault lasted.
 */
@KeycloakIntegrationTest(config = IdnumServerConfig.class)
class FaultsIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String HUB_SCOPES = "openid profile email";
    /** Keycloak's floor between two fetches of one JWKS. */
    private static final Duration FETCH_FLOOR = Duration.ofSeconds(10);
    /** The refresh interval of the hub's keys (the default, as in production) plus slack. */
    private static final Duration REFRESH_BOUND = Duration.ofSeconds(60 + 15);
    private static final CampaignTally TALLY = new CampaignTally();

    @InjectRealm(config = IdnumRealmConfig.class, lifecycle = LifeCycle.GLOBAL)
    ManagedRealm realm;

    private final RelyingParty rp = RelyingParty.monCompteFormation();
    private final RelyingParty hub = RelyingParty.hub();
    private long keycloakLogStart;

    @BeforeEach
    void markKeycloakLog() throws IOException {
        keycloakLogStart = KeycloakLog.end();
    }

    @AfterAll
    static void writeTally() {
        TALLY.write(FaultsIT.class);
    }

    // --- The enrollment service down (PushSignInIT and PhoneActivationIT prove the status field and the 503 problem).

    @Test
    void enrollmentServiceDownDuringAnEidas2SignInThePageSaysSoInFrenchAndTheAppPullsTheChallenge() {
        Enrollments.Citizen citizen = Enrollments.activated(realm);
        TALLY.fault();
        PushLogin[] login = new PushLogin[1];
        EnrollmentService.whileDown(() -> {
            login[0] = PushLogin.start(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), citizen.username());
            assertEquals(200, TALLY.status(login[0].awaitStatus(false).statusCode()));
            Browser.Result page = login[0].check();
            assertEquals(200, TALLY.status(page.status()));
            login[0].assertState("waiting");
            var notSent = login[0].document().selectFirst("#idnum-push-not-sent");
            assertFalse(notSent.hasAttr("hidden"), login[0].document().text());
            assertTrue(notSent.text().startsWith("La notification n’a pas pu être envoyée. Ouvrez vous-même l’application"),
                    notSent.text());
            assertEquals("fr", login[0].document().selectFirst("html").attr("lang"));
            // The app, opened by hand, pulls the challenge (POST device/challenges/pending) and approves it.
            Challenges.Challenge pulled = citizen.phone().awaitChallenge(WAIT);
            citizen.phone().approve(pulled, Enrollments.PIN, login[0].number());
            assertTrue(login[0].check().leftKeycloak(), "the sign-in completes while the service is still down");
        });
        assertNothingLoggedAtError();
    }

    @Test
    void enrollmentServiceDownDuringAnActivationLeavesNothingHalfCreatedAndTheSameActivationSucceedsOnceItIsBack() {
        Enrollments.Citizen citizen = Enrollments.verified(realm);
        TALLY.fault();
        EnrollmentService.whileDown(() -> {
            DeviceApiProblem refused = assertThrows(DeviceApiProblem.class,
                    () -> citizen.phone().activate(citizen.activationCode(), Enrollments.PIN));
            assertEquals(503, refused.status(), refused.getMessage());
            assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.ENROLLMENT_UNAVAILABLE, refused.type());
            assertTrue(devices(citizen).isEmpty(), "no phone left on the account");
        });
        assertEquals("VERIFIED", citizen.phone().enrollment().current().state(), "the enrollment did not move");
        assertTrue(devices(citizen).isEmpty());

        citizen.phone().activate(citizen.activationCode(), Enrollments.PIN);
        assertEquals(1, devices(citizen).size());
        assertEquals("ACTIVE", citizen.phone().enrollment().current().state());
        assertNothingLoggedAtError();
    }

    // --- The hub's JWKS down.

    @Test
    void aHubWhoseJwksNeverAnsweredIsRefusedWithAClearOAuthErrorAtTheTokenEndpoint() throws Exception {
        try (RotatingJwks jwks = new RotatingJwks()) {
            jwks.goDown();
            TALLY.fault();
            hubEncryptingTo(jwks, true, true);

            HTTPResponse refused = hubSignIn();
            assertEquals(400, TALLY.status(refused.getStatusCode()), refused.getBody());
            assertTrue(refused.getHeaderValue("Content-Type").startsWith("application/json"), refused.getHeaderValue("Content-Type"));
            // Keycloak's code grant answers a client policy's refusal as invalid_grant, with the policy's description:
            // the code is spent, the hub starts the sign-in again.
            assertEquals("invalid_grant", refused.getBodyAsJSONObject().get("error"), refused.getBody());
            assertTrue(((String) refused.getBodyAsJSONObject().get("error_description")).contains("jwks_uri"), refused.getBody());
            assertTrue(jwks.requests() > 0, "Keycloak asked the JWKS");

            withoutOurCheck(() -> {
                HTTPResponse alone = hubSignIn();
                System.out.printf("[hub jwks down] Keycloak alone, token endpoint: HTTP %d, body '%s'%n",
                        alone.getStatusCode(), alone.getBody());
                assertNotEquals(200, alone.getStatusCode());
            });
        }
    }

    @Test
    void aHubWhoseJwksNeverAnsweredIsRefusedWithAClearOAuthErrorAtTheUserinfoEndpoint() throws Exception {
        try (RotatingJwks jwks = new RotatingJwks()) {
            jwks.goDown();
            TALLY.fault();
            hubEncryptingTo(jwks, false, true);

            HTTPResponse tokens = hubSignIn();
            assertEquals(200, TALLY.status(tokens.getStatusCode()), tokens.getBody());
            HTTPResponse refused = userinfo(tokens);
            assertEquals(400, TALLY.status(refused.getStatusCode()), refused.getBody());
            // RFC 6750: a protected resource states the error in WWW-Authenticate.
            String challenge = refused.getHeaderValue("WWW-Authenticate");
            System.out.printf("[hub jwks down] userinfo: HTTP %d, WWW-Authenticate '%s', Content-Type '%s', body '%s'%n",
                    refused.getStatusCode(), challenge, refused.getHeaderValue("Content-Type"), refused.getBody());
            assertTrue(challenge != null && challenge.contains("error=\"invalid_client\"") && challenge.contains("jwks_uri"),
                    String.valueOf(challenge));

            withoutOurCheck(() -> {
                HTTPResponse alone = userinfo(tokens);
                System.out.printf("[hub jwks down] Keycloak alone, userinfo: HTTP %d, Content-Type '%s', body '%s'%n",
                        alone.getStatusCode(), alone.getHeaderValue("Content-Type"), alone.getBody());
                assertNotEquals(200, alone.getStatusCode());
            });
        }
    }

    /**
     * Each node fetches the hub's keys on its own schedule, before any sign-in needs them (before the fix every
     * scheduled fetch failed with ContextNotActiveException and nothing was fetched); when the JWKS then goes down,
     * tokens and userinfo are still encrypted to the keys fetched before (Keycloak alone fetches again once its 10 s
     * floor between two fetches has passed, and fails the request when that fetch fails: printed at the end).
     */
    @Test
    void keysFetchedOnScheduleKeepTheHubServedWhileItsJwksIsDown() throws Exception {
        try (RotatingJwks jwks = new RotatingJwks()) {
            RSAKey key = new RSAKeyGenerator(2048).keyUse(KeyUse.ENCRYPTION).algorithm(JWEAlgorithm.RSA_OAEP)
                    .keyID("hub-key-scheduled").generate();
            jwks.publish(key);
            hubEncryptingTo(jwks, true, true);

            long start = System.nanoTime();
            while (jwks.requests() == 0 && Duration.ofNanos(System.nanoTime() - start).compareTo(REFRESH_BOUND) < 0) {
                Thread.sleep(500);
            }
            assertTrue(jwks.requests() > 0, "the hub's keys were not fetched on schedule within " + REFRESH_BOUND.toSeconds() + " s");
            System.out.printf("[hub jwks] fetched on schedule %.1f s after the client was registered%n",
                    (System.nanoTime() - start) / 1e9);

            jwks.goDown();
            TALLY.fault();
            Thread.sleep(FETCH_FLOOR.plusSeconds(1).toMillis());
            HTTPResponse tokens = hubSignIn();
            assertEquals(200, TALLY.status(tokens.getStatusCode()), tokens.getBody());
            OIDCTokenResponse parsed = RelyingParty.tokens(tokens);
            assertEquals("hub-key-scheduled", assertInstanceOf(EncryptedJWT.class, parsed.getOIDCTokens().getIDToken()).getHeader().getKeyID());
            HTTPResponse info = userinfo(tokens);
            assertEquals(200, TALLY.status(info.getStatusCode()), info.getBody());
            assertEquals("hub-key-scheduled", EncryptedJWT.parse(info.getBody()).getHeader().getKeyID());

            withoutOurCheck(() -> {
                HTTPResponse alone = hubSignIn();
                System.out.printf("[hub jwks down] Keycloak alone, keys fetched before, token endpoint: HTTP %d, body '%s'%n",
                        alone.getStatusCode(), alone.getBody());
            });
        }
        assertFalse(KeycloakLog.linesSince(keycloakLogStart).stream().anyMatch(line -> line.contains("ContextNotActiveException")), "the scheduled fetch failed");
    }

    /**
     * Runs {@code action} with the realm's client policies (hence {@code EncryptionKeyCheck}) off, more than Keycloak's
     * floor between two fetches after the last one: what Keycloak answers alone, printed for docs/security-tests.md.
     */
    private void withoutOurCheck(ThrowingRunnable action) throws Exception {
        ClientPoliciesRepresentation policies = realm.admin().clientPoliciesPoliciesResource().getPolicies(false);
        ClientPoliciesRepresentation none = new ClientPoliciesRepresentation();
        none.setPolicies(new java.util.ArrayList<>());
        realm.admin().clientPoliciesPoliciesResource().updatePolicies(none);
        try {
            Thread.sleep(FETCH_FLOOR.plusSeconds(1).toMillis());
            action.run();
        } finally {
            realm.admin().clientPoliciesPoliciesResource().updatePolicies(policies);
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private void hubEncryptingTo(RotatingJwks jwks, boolean idToken, boolean userinfo) {
        // An empty value removes the attribute: Keycloak then does not encrypt that token.
        realm.updateClientWithCleanup(TestEnvironment.HUB_CLIENT_ID, client -> client
                .attribute("minimum.acr.value", "eidas1")
                .attribute("default.acr.values", "eidas1")
                .attribute("use.jwks.url", "true")
                .attribute("jwks.url", jwks.url())
                .attribute("id.token.encrypted.response.alg", idToken ? "RSA-OAEP" : "")
                .attribute("id.token.encrypted.response.enc", idToken ? "A256GCM" : "")
                .attribute("user.info.encrypted.response.alg", userinfo ? "RSA-OAEP" : "")
                .attribute("user.info.encrypted.response.enc", userinfo ? "A256GCM" : ""));
    }

    /** A citizen signs in at the hub (password, eidas1); returns the token endpoint's answer to the hub. */
    private HTTPResponse hubSignIn() {
        String username = Citizens.bornInFrance(realm);
        RelyingParty.AuthorizationAttempt attempt = hub.authorize(HUB_SCOPES).acrValues("eidas1").promptLogin().withoutPkce();
        Browser.Result result = Login.withPassword(new Browser(), attempt.uri(), username, Citizens.PASSWORD);
        Map<String, String> callback = result.redirectParameters();
        assertEquals(attempt.state.getValue(), callback.get("state"));
        return attempt.exchange(callback.get("code"));
    }

    private static HTTPResponse userinfo(HTTPResponse tokens) throws IOException {
        BearerAccessToken accessToken = (BearerAccessToken) RelyingParty.tokens(tokens).getOIDCTokens().getAccessToken();
        return new UserInfoRequest(RelyingParty.metadata().getUserInfoEndpointURI(), accessToken).toHTTPRequest().send();
    }

    // --- A phone whose clock is off (DeviceRequestsTest proves the rule without a server).

    @Test
    void aPhoneClockOffByLessThanTheDocumentedSkewIsAcceptedAndByMoreRefused() {
        Enrollments.Citizen citizen = Enrollments.activated(realm);
        // iat = the phone's now, exp = iat + 60 s: accepted while iat ≤ now + 10 s and exp > now − 10 s.
        for (long seconds : List.of(8L, -68L)) {
            TALLY.cases(1);
            assertTrue(phoneWithClockOff(citizen, seconds).pendingChallenge().isEmpty(), "clock off by " + seconds + " s");
        }
        for (long seconds : List.of(12L, -72L)) {
            TALLY.cases(1);
            DeviceApiProblem refused = assertThrows(DeviceApiProblem.class, () -> phoneWithClockOff(citizen, seconds).pendingChallenge(),
                    "clock off by " + seconds + " s");
            assertEquals(401, TALLY.status(refused.status()), refused.getMessage());
            assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.INVALID_DEVICE_REQUEST, refused.type(), refused.getMessage());
        }
    }

    private static PhoneApp phoneWithClockOff(Enrollments.Citizen citizen, long seconds) {
        return PhoneApp.restore(citizen.phone().state(), null, Clock.offset(Clock.systemUTC(), Duration.ofSeconds(seconds)));
    }

    // ---

    private List<org.keycloak.representations.idm.CredentialRepresentation> devices(Enrollments.Citizen citizen) {
        return realm.admin().users().get(citizen.userId()).credentials().stream()
                .filter(c -> "idnum-device".equals(c.getType())).toList();
    }

    private void assertNothingLoggedAtError() {
        List<String> lines = KeycloakLog.linesSince(keycloakLogStart);
        assertFalse(lines.isEmpty(), "Keycloak's log is empty: nothing to check");
        List<String> errors = lines.stream().filter(KeycloakLog::isError).toList();
        assertEquals(List.of(), errors, "Keycloak logged at ERROR during the fault");
    }
}
