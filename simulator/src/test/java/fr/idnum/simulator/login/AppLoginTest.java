package fr.idnum.simulator.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import fr.idnum.simulator.StubRealm;
import fr.idnum.simulator.http.Http;
import fr.idnum.simulator.realm.Realm;

class AppLoginTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    private final StubRealm stub = new StubRealm();
    private final AppLogin login = new AppLogin(new Realm(stub.issuer(), new Http()), new Http(),
            Clock.fixed(NOW, ZoneOffset.UTC), new SecureRandom());

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void exchangesTheCodeWithTheVerifierOfTheChallengeItSent() {
        AppTokens tokens = login.login(StubRealm.USERNAME, StubRealm.PASSWORD);

        assertEquals(StubRealm.ACCESS_TOKEN, tokens.accessToken());
        assertEquals("refresh-token-1", tokens.refreshToken());
        assertEquals(NOW.plusSeconds(300), tokens.expiresAt());
        var authorization = stub.lastRequestTo("/realms/idnum/protocol/openid-connect/auth");
        assertEquals("fr", authorization.header("Accept-Language"));
    }

    @Test
    void sendsKeycloaksSecureSessionCookieBackOverLoopbackHttpAndEveryFormInput() {
        login.login(StubRealm.USERNAME, StubRealm.PASSWORD);

        var submissions = stub.requestsTo("/realms/idnum/login-actions/authenticate");
        assertEquals(2, submissions.size(), "identifier page, then password page");
        submissions.forEach(s -> {
            assertTrue(s.header("Cookie").contains("AUTH_SESSION_ID="), s.header("Cookie"));
            assertTrue(s.body().contains("tab_id=tab-1"), s.body());
            assertTrue(!s.body().contains("login="), "submit buttons are not sent: " + s.body());
        });
    }

    @Test
    void refusesTheCodeWhenTheVerifierDoesNotMatchTheChallenge() {
        stub.challengeOverride = "another-challenge";

        LoginFailed failed = assertThrows(LoginFailed.class, () -> login.login(StubRealm.USERNAME, StubRealm.PASSWORD));

        assertTrue(failed.getMessage().contains("PKCE verification failed"), failed.getMessage());
    }

    @Test
    void refusesARedirectCarryingAStateItDidNotSend() {
        stub.stateOverride = "forged-state";

        LoginFailed failed = assertThrows(LoginFailed.class, () -> login.login(StubRealm.USERNAME, StubRealm.PASSWORD));

        assertTrue(failed.getMessage().contains("state"), failed.getMessage());
        assertTrue(stub.requestsTo("/realms/idnum/protocol/openid-connect/token").isEmpty(), "no code exchange");
    }

    @Test
    void refusesARedirectNamingAnotherIssuer() {
        stub.issOverride = "https://evil.example/realms/idnum";

        LoginFailed failed = assertThrows(LoginFailed.class, () -> login.login(StubRealm.USERNAME, StubRealm.PASSWORD));

        assertTrue(failed.getMessage().contains("another issuer"), failed.getMessage());
        assertTrue(stub.requestsTo("/realms/idnum/protocol/openid-connect/token").isEmpty(), "no code exchange");
    }

    @Test
    void reportsWhatThePageSaysWhenThePasswordIsWrong() {
        LoginFailed failed = assertThrows(LoginFailed.class, () -> login.login(StubRealm.USERNAME, "wrong"));

        assertTrue(failed.getMessage().contains("Mot de passe invalide."), failed.getMessage());
    }

    @Test
    void reportsWhatThePageSaysWhenTheUsernameIsUnknown() {
        LoginFailed failed = assertThrows(LoginFailed.class, () -> login.login("nobody", StubRealm.PASSWORD));

        assertTrue(failed.getMessage().contains("Nom d’utilisateur invalide."), failed.getMessage());
    }

    @Test
    void challengeIsTheS256OfTheVerifier() {
        Pkce pkce = Pkce.generate(new SecureRandom());
        assertEquals(43, pkce.verifier().length());
        assertNotNull(pkce.challenge());
        assertEquals(pkce.challenge(), Pkce.challengeOf(pkce.verifier()));
        // RFC 7636 appendix B
        assertEquals("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", Pkce.challengeOf("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
    }
}
