package fr.idnum.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEDecrypter;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import fr.idnum.e2e.support.Browser;
import fr.idnum.e2e.support.Citizens;
import fr.idnum.e2e.support.HubKeys;
import fr.idnum.e2e.support.IdnumRealmConfig;
import fr.idnum.e2e.support.IdnumServerConfig;
import fr.idnum.e2e.support.Login;
import fr.idnum.e2e.support.RelyingParty;
import fr.idnum.e2e.support.RotatingJwks;
import fr.idnum.e2e.support.TestEnvironment;
import fr.idnum.testsupport.CampaignTally;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.injection.LifeCycle;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * The FranceConnect+-like hub: ID token and userinfo signed (ES256) then encrypted to the hub's own key,
 * client_secret_post, prompt=login, no PKCE. The hub's real registration only accepts eidas2; until the
 * push step exists these tests lower its minimum level for their own duration to exercise the encryption.
 * Its foreign and forged logout hints, and the hub's key rotation, count in issue 14's totals ({@link CampaignTally}).
 */
@KeycloakIntegrationTest(config = IdnumServerConfig.class)
class HubClientIT {

    private static final String HUB_SCOPES = "openid profile email preferred_username birthplace birthcountry";

    /** One case per logout sent with a hint that is not the citizen's own in this browser; the rotation is a fault. */
    private static final CampaignTally TALLY = new CampaignTally();

    @AfterAll
    static void tally() {
        TALLY.write(HubClientIT.class);
    }

    @InjectRealm(config = IdnumRealmConfig.class, lifecycle = LifeCycle.GLOBAL)
    ManagedRealm realm;

    private final RelyingParty hub = RelyingParty.hub();
    private final Browser browser = new Browser();

    private void encryptWith(String alg) {
        realm.updateClientWithCleanup(TestEnvironment.HUB_CLIENT_ID, client -> client
                .attribute("minimum.acr.value", "eidas1")
                .attribute("default.acr.values", "eidas1")
                .attribute("id.token.encrypted.response.alg", alg)
                .attribute("user.info.encrypted.response.alg", alg));
    }

    private static JWK hubKeyFor(JWEAlgorithm alg) {
        return HubKeys.get().forAlgorithm(alg);
    }

    private static JWEDecrypter decrypterFor(JWEAlgorithm alg) throws Exception {
        JWK key = hubKeyFor(alg);
        return key instanceof ECKey ec ? new ECDHDecrypter(ec) : new RSADecrypter(key.toRSAKey());
    }

    private record SignIn(RelyingParty.AuthorizationAttempt attempt, OIDCTokenResponse tokens) {
    }

    private SignIn signIn() {
        return signIn(browser);
    }

    private SignIn signIn(Browser browser) {
        String username = Citizens.bornInFrance(realm);
        RelyingParty.AuthorizationAttempt attempt = hub.authorize(HUB_SCOPES).acrValues("eidas1").promptLogin().withoutPkce();
        Browser.Result result = Login.withPassword(browser, attempt.uri(), username, Citizens.PASSWORD);
        Map<String, String> callback = result.redirectParameters();
        assertEquals(attempt.state.getValue(), callback.get("state"));
        return new SignIn(attempt, RelyingParty.tokens(attempt.exchange(callback.get("code"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"RSA-OAEP", "RSA-OAEP-256", "ECDH-ES"})
    void hubDecryptsTheIdTokenWithItsOwnKey(String algName) {
        JWEAlgorithm alg = JWEAlgorithm.parse(algName);
        encryptWith(algName);
        SignIn signIn = signIn();

        EncryptedJWT idToken = assertInstanceOf(EncryptedJWT.class, signIn.tokens().getOIDCTokens().getIDToken());
        assertEquals(alg, idToken.getHeader().getAlgorithm());
        assertEquals(EncryptionMethod.A256GCM, idToken.getHeader().getEncryptionMethod());

        IDTokenClaimsSet claims = hub.validateEncrypted(idToken, JWSAlgorithm.ES256, alg, EncryptionMethod.A256GCM,
                hubKeyFor(alg), signIn.attempt().nonce);
        assertEquals(TestEnvironment.ISSUER, claims.getIssuer().getValue());
        assertEquals("eidas1", claims.getACR().getValue());
    }

    @Test
    void hubGetsUserinfoSignedThenEncryptedAsApplicationJwt() throws Exception {
        encryptWith("RSA-OAEP");
        SignIn signIn = signIn();

        HTTPResponse response = new UserInfoRequest(RelyingParty.metadata().getUserInfoEndpointURI(),
                (BearerAccessToken) signIn.tokens().getOIDCTokens().getAccessToken()).toHTTPRequest().send();
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertTrue(response.getHeaderValue("Content-Type").startsWith("application/jwt"), response.getHeaderValue("Content-Type"));

        EncryptedJWT jwe = EncryptedJWT.parse(response.getBody());
        assertEquals(JWEAlgorithm.RSA_OAEP, jwe.getHeader().getAlgorithm());
        assertEquals(EncryptionMethod.A256GCM, jwe.getHeader().getEncryptionMethod());
        jwe.decrypt(decrypterFor(JWEAlgorithm.RSA_OAEP));

        SignedJWT jws = jwe.getPayload().toSignedJWT();
        assertEquals(JWSAlgorithm.ES256, jws.getHeader().getAlgorithm());
        ECKey realmKey = JWKSet.load(RelyingParty.jwksUrl()).getKeyByKeyId(jws.getHeader().getKeyID()).toECKey();
        assertTrue(jws.verify(new ECDSAVerifier(realmKey)), "userinfo signature must verify with the realm's ES256 key");

        JWTClaimsSet userinfo = jws.getJWTClaimsSet();
        assertEquals(TestEnvironment.ISSUER, userinfo.getIssuer());
        assertEquals(List.of(TestEnvironment.HUB_CLIENT_ID), userinfo.getAudience());
        assertEquals("Marie Anne Élise", userinfo.getStringClaim("given_name"));
        assertEquals("DUPONT", userinfo.getStringClaim("family_name"));
        assertEquals("MARTIN", userinfo.getStringClaim("preferred_username"));
        assertEquals("1985-04-12", userinfo.getStringClaim("birthdate"));
        assertEquals("female", userinfo.getStringClaim("gender"));
        assertEquals("75107", userinfo.getStringClaim("birthplace"));
        assertEquals("99100", userinfo.getStringClaim("birthcountry"));
        assertTrue(userinfo.getStringClaim("email").endsWith("@example.fr"));
    }

    /**
     * Keycloak alone answers an encrypted hint with an error page. Ours accepts it, but since anyone can forge
     * one (its header is public) it only names the client: the citizen confirms, then goes back to the hub.
     */
    @Test
    void logoutAcceptsTheEncryptedIdTokenTheHubSendsBackAsHint() {
        encryptWith("RSA-OAEP");
        SignIn signIn = signIn();

        State state = new State();
        URI logout = new LogoutRequest(RelyingParty.metadata().getEndSessionEndpointURI(),
                signIn.tokens().getOIDCTokens().getIDToken(), URI.create(TestEnvironment.HUB_POST_LOGOUT_URI), state).toURI();
        Browser.Result confirmation = browser.open(logout);
        assertFalse(confirmation.leftKeycloak(), "an unverifiable hint must not end the session without the citizen");
        assertEquals(200, confirmation.status(), confirmation.page().text());

        Browser.Result result = browser.submit(confirmation.page(), "form:has(#kc-logout)", Map.of("confirmLogout", "true"));
        assertTrue(result.leftKeycloak(), "after confirmation the citizen goes back to the hub (HTTP " + result.status() + ")");
        assertTrue(result.leftTo().toString().startsWith(TestEnvironment.HUB_POST_LOGOUT_URI), "went to " + result.leftTo());
        assertEquals(state.getValue(), result.redirectParameters().get("state"));

        Browser.Result next = browser.open(hub.authorize(HUB_SCOPES).acrValues("eidas1").withoutPkce().uri());
        Login.assertPage(next, "username");
    }

    @Test
    void encryptedHintAloneDoesNotEndTheSessionOfAnotherBrowser() {
        encryptWith("RSA-OAEP");
        SignIn signIn = signIn();

        Browser elsewhere = new Browser();
        State state = new State();
        URI logout = new LogoutRequest(RelyingParty.metadata().getEndSessionEndpointURI(),
                signIn.tokens().getOIDCTokens().getIDToken(), URI.create(TestEnvironment.HUB_POST_LOGOUT_URI), state).toURI();
        Browser.Result result = elsewhere.open(logout);
        TALLY.answered(result.status());
        assertTrue(result.leftKeycloak(), "a browser without a session goes straight back to the hub (HTTP " + result.status() + ")");
        assertEquals(state.getValue(), result.redirectParameters().get("state"));

        Browser.Result sso = browser.open(hub.authorize(HUB_SCOPES).acrValues("eidas1").withoutPkce().uri());
        assertTrue(sso.leftKeycloak(), "the citizen's own session must still be alive");
        assertTrue(sso.redirectParameters().containsKey("code"));
    }

    /**
     * The hub rotated its encryption key after the sign-in: the hint it sends back names a key id it no longer
     * publishes (and the hub sends no client_id). The hint still names the hub, by the only client that asks
     * for RSA-OAEP-encrypted tokens and whose post-logout URIs accept the request's: the citizen confirms and
     * goes back to the hub with its state, instead of a dead-end "id_token_hint missing" page.
     */
    @Test
    void aHintEncryptedToAKeyTheHubNoLongerPublishesStillBringsTheCitizenBackToTheHub() throws Exception {
        encryptWith("RSA-OAEP");
        signIn();

        State state = new State();
        URI logout = new LogoutRequest(RelyingParty.metadata().getEndSessionEndpointURI(), hintToARotatedKey(),
                URI.create(TestEnvironment.HUB_POST_LOGOUT_URI), state).toURI();
        Browser.Result confirmation = browser.open(logout);
        TALLY.answered(confirmation.status());
        assertFalse(confirmation.leftKeycloak(), "an unverifiable hint must not end the session without the citizen");
        assertEquals(200, confirmation.status(), confirmation.page().text());

        Browser.Result result = browser.submit(confirmation.page(), "form:has(#kc-logout)", Map.of("confirmLogout", "true"));
        assertTrue(result.leftKeycloak(), "after confirmation the citizen goes back to the hub (HTTP " + result.status() + ")");
        assertTrue(result.leftTo().toString().startsWith(TestEnvironment.HUB_POST_LOGOUT_URI), "went to " + result.leftTo());
        assertEquals(state.getValue(), result.redirectParameters().get("state"));
        Login.assertPage(browser.open(hub.authorize(HUB_SCOPES).acrValues("eidas1").withoutPkce().uri()), "username");
    }

    @Test
    void aHintEncryptedToARotatedKeyFromABrowserWithoutSessionGoesStraightBackToTheHub() throws Exception {
        encryptWith("RSA-OAEP");

        State state = new State();
        URI logout = new LogoutRequest(RelyingParty.metadata().getEndSessionEndpointURI(), hintToARotatedKey(),
                URI.create(TestEnvironment.HUB_POST_LOGOUT_URI), state).toURI();
        Browser.Result result = new Browser().open(logout);
        TALLY.answered(result.status());
        assertTrue(result.leftKeycloak(), "a browser without a session goes straight back to the hub (HTTP " + result.status() + ")");
        assertTrue(result.leftTo().toString().startsWith(TestEnvironment.HUB_POST_LOGOUT_URI), "went to " + result.leftTo());
        assertEquals(state.getValue(), result.redirectParameters().get("state"));
    }

    /** The fallback names a client by its registered URIs only: a forged hint cannot send anyone elsewhere. */
    @Test
    void aForgedHintWithAnUnregisteredPostLogoutUriRedirectsNowhere() throws Exception {
        encryptWith("RSA-OAEP");
        signIn();

        URI logout = new LogoutRequest(RelyingParty.metadata().getEndSessionEndpointURI(), hintToARotatedKey(),
                URI.create("https://attacker.example/after-logout"), new State()).toURI();
        Browser.Result result = browser.open(logout);
        TALLY.answered(result.status());
        assertFalse(result.leftKeycloak(), "went to " + result.leftTo());
        assertTrue(result.status() >= 400 && result.status() < 500, "HTTP " + result.status());

        Browser.Result sso = browser.open(hub.authorize(HUB_SCOPES).acrValues("eidas1").withoutPkce().uri());
        assertTrue(sso.leftKeycloak() && sso.redirectParameters().containsKey("code"), "the session must still be alive");
    }

    /** An ID token as the hub holds it, encrypted to a key the hub has since removed from its JWKS. */
    private static JWT hintToARotatedKey() throws Exception {
        RSAKey retired = new RSAKeyGenerator(2048).keyID("hub-rsa-oaep-retired").generate();
        EncryptedJWT hint = new EncryptedJWT(new JWEHeader.Builder(JWEAlgorithm.RSA_OAEP, EncryptionMethod.A256GCM)
                .keyID(retired.getKeyID()).contentType("JWT").build(),
                new JWTClaimsSet.Builder().issuer(TestEnvironment.ISSUER).subject("someone").build());
        hint.encrypt(new RSAEncrypter(retired.toRSAPublicKey()));
        return hint;
    }

    /**
     * The hub replaces its encryption key behind the same JWKS URL (the old one removed). Keycloak fetches the
     * JWKS again before encrypting once its last fetch is 10 s old, and each node also fetches it every refresh
     * interval (60 s by default, the production setting), so tokens follow the new key within that interval plus
     * Keycloak's 10 s floor between two fetches at worst. Prints the delay measured.
     */
    @Test
    void tokensAreEncryptedToTheHubsNewKeyWithinOneRefreshIntervalOfItsRotation() throws Exception {
        Duration bound = Duration.ofSeconds(60 + 10 + 10);
        try (RotatingJwks jwks = new RotatingJwks()) {
            RSAKey before = new RSAKeyGenerator(2048).keyUse(KeyUse.ENCRYPTION).algorithm(JWEAlgorithm.RSA_OAEP)
                    .keyID("hub-key-before").generate();
            RSAKey after = new RSAKeyGenerator(2048).keyUse(KeyUse.ENCRYPTION).algorithm(JWEAlgorithm.RSA_OAEP)
                    .keyID("hub-key-after").generate();
            jwks.publish(before);
            realm.updateClientWithCleanup(TestEnvironment.HUB_CLIENT_ID, client -> client
                    .attribute("minimum.acr.value", "eidas1")
                    .attribute("default.acr.values", "eidas1")
                    .attribute("id.token.encrypted.response.alg", "RSA-OAEP")
                    .attribute("user.info.encrypted.response.alg", "RSA-OAEP")
                    .attribute("use.jwks.url", "true")
                    .attribute("jwks.url", jwks.url()));
            assertEquals("hub-key-before", encryptionKeyIdOfANewIdToken());

            jwks.publish(after);
            TALLY.fault();
            long rotatedAt = System.nanoTime();
            int signIns = 0;
            String kid;
            Duration elapsed;
            do {
                kid = encryptionKeyIdOfANewIdToken();
                signIns++;
                elapsed = Duration.ofNanos(System.nanoTime() - rotatedAt);
            } while (!"hub-key-after".equals(kid) && elapsed.compareTo(bound) < 0);
            System.out.printf("[key rotation] tokens encrypted to the hub's new key %.1f s after its rotation"
                    + " (%d sign-ins; bound %d s)%n", elapsed.toMillis() / 1000.0, signIns, bound.toSeconds());
            assertEquals("hub-key-after", kid, "still encrypting to the retired key after " + elapsed.toSeconds() + " s");
        }
    }

    private String encryptionKeyIdOfANewIdToken() {
        JWT idToken = signIn(new Browser()).tokens().getOIDCTokens().getIDToken();
        return assertInstanceOf(EncryptedJWT.class, idToken).getHeader().getKeyID();
    }
}
