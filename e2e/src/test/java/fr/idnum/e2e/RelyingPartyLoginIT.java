package fr.idnum.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.oauth2.sdk.id.State;
import fr.idnum.e2e.support.Browser;
import fr.idnum.e2e.support.Citizens;
import fr.idnum.e2e.support.IdnumRealmConfig;
import fr.idnum.e2e.support.IdnumServerConfig;
import fr.idnum.e2e.support.Login;
import fr.idnum.e2e.support.RelyingParty;
import fr.idnum.e2e.support.TestEnvironment;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.injection.LifeCycle;
import org.keycloak.testframework.realm.ManagedRealm;

/** A relying party signs a citizen in at eidas1 (identifier + password) with authorization code + PKCE. */
@KeycloakIntegrationTest(config = IdnumServerConfig.class)
class RelyingPartyLoginIT {

    private static final String PIVOT_SCOPES = "openid profile email birthplace birthcountry";

    @InjectRealm(config = IdnumRealmConfig.class, lifecycle = LifeCycle.GLOBAL)
    ManagedRealm realm;

    private final RelyingParty rp = RelyingParty.monCompteFormation();
    private final Browser browser = new Browser();

    private OIDCTokenResponse signIn(RelyingParty.AuthorizationAttempt attempt, String username) {
        Browser.Result result = Login.withPassword(browser, attempt.uri(), username, Citizens.PASSWORD);
        Map<String, String> callback = result.redirectParameters();
        assertTrue(result.leftTo().toString().startsWith(TestEnvironment.MCF_REDIRECT_URI), "redirect: " + result.leftTo());
        assertEquals(attempt.state.getValue(), callback.get("state"));
        assertEquals(TestEnvironment.ISSUER, callback.get("iss"), "RFC 9207 issuer in the authorization response");
        return RelyingParty.tokens(attempt.exchange(callback.get("code")));
    }

    private static Map<String, Object> userInfo(OIDCTokenResponse tokens) throws Exception {
        HTTPResponse response = new UserInfoRequest(RelyingParty.metadata().getUserInfoEndpointURI(),
                (BearerAccessToken) tokens.getOIDCTokens().getAccessToken()).toHTTPRequest().send();
        assertEquals(200, response.getStatusCode(), response.getBody());
        return response.getBodyAsJSONObject();
    }

    @Test
    void signsInAtEidas1AndReturnsAValidIdToken() throws Exception {
        String username = Citizens.bornInFrance(realm);
        RelyingParty.AuthorizationAttempt attempt = rp.authorize(PIVOT_SCOPES).acrValues("eidas1");
        OIDCTokenResponse tokens = signIn(attempt, username);

        IDTokenClaimsSet id = rp.validateSigned(tokens.getOIDCTokens().getIDToken(), JWSAlgorithm.RS256, attempt.nonce);
        assertEquals(TestEnvironment.ISSUER, id.getIssuer().getValue());
        assertEquals(List.of(TestEnvironment.MCF_CLIENT_ID), id.getAudience().stream().map(Object::toString).toList());
        assertEquals("eidas1", id.getACR().getValue());
        assertEquals(List.of("pwd"), RelyingParty.stringList(id.getClaim("amr")));
        assertNotNull(id.getExpirationTime());
        assertNotNull(id.getIssueTime());
        long lifetime = (id.getExpirationTime().getTime() - id.getIssueTime().getTime()) / 1000;
        assertTrue(lifetime <= 60, "ID token lives at most 60 s, was " + lifetime);
        assertEquals(60L, tokens.getOIDCTokens().getAccessToken().getLifetime(), "access token lifetime");
        assertEquals(null, tokens.getOIDCTokens().getRefreshToken(), "no refresh token for a sign-in-only RP");
    }

    @Test
    void returnsEachIdentityClaimInTheFranceConnectFormat() throws Exception {
        String username = Citizens.bornInFrance(realm);
        RelyingParty.AuthorizationAttempt attempt = rp.authorize(PIVOT_SCOPES).acrValues("eidas1");
        OIDCTokenResponse tokens = signIn(attempt, username);

        Map<String, Object> claims = userInfo(tokens);
        assertEquals("Marie Anne Élise", claims.get("given_name"));
        assertEquals("DUPONT", claims.get("family_name"));
        assertEquals("MARTIN", claims.get("preferred_username"));
        assertEquals("1985-04-12", claims.get("birthdate"));
        assertEquals("female", claims.get("gender"));
        assertEquals("75107", claims.get("birthplace"));
        assertEquals("99100", claims.get("birthcountry"));
        assertEquals(username, claims.get("email"));
        IDTokenClaimsSet id = rp.validateSigned(tokens.getOIDCTokens().getIDToken(), JWSAlgorithm.RS256, attempt.nonce);
        assertEquals(id.getSubject().getValue(), claims.get("sub"), "userinfo sub must equal the ID token sub");
        assertEquals("75107", id.getStringClaim("birthplace"));
    }

    @Test
    void citizenBornAbroadHasAnEmptyBirthplaceAndAPresumedBirthdate() throws Exception {
        String username = Citizens.bornAbroad(realm);
        OIDCTokenResponse tokens = signIn(rp.authorize("openid identite_pivot").acrValues("eidas1"), username);

        Map<String, Object> claims = userInfo(tokens);
        assertEquals("", claims.get("birthplace"));
        assertEquals("99134", claims.get("birthcountry"));
        assertEquals("1979-00-00", claims.get("birthdate"));
        assertEquals("GARCIA LÓPEZ", claims.get("family_name"));
        assertFalse(claims.containsKey("preferred_username"), "no usage name, no claim");
        assertFalse(claims.containsKey("email"), "identite_pivot does not include the e-mail");
    }

    @Test
    void releasesOnlyTheClaimsOfTheRequestedScopes() throws Exception {
        String username = Citizens.bornInFrance(realm);
        OIDCTokenResponse tokens = signIn(rp.authorize("openid birthcountry").acrValues("eidas1"), username);

        Map<String, Object> claims = userInfo(tokens);
        assertEquals("99100", claims.get("birthcountry"));
        for (String absent : List.of("given_name", "family_name", "birthdate", "gender", "birthplace", "email")) {
            assertFalse(claims.containsKey(absent), absent + " was not asked for");
        }
    }

    @Test
    void promptLoginAlwaysAsksTheCitizenAgain() {
        String username = Citizens.bornInFrance(realm);
        signIn(rp.authorize("openid").acrValues("eidas1"), username);

        Browser.Result sso = browser.open(rp.authorize("openid").acrValues("eidas1").uri());
        assertTrue(sso.leftKeycloak(), "without prompt the session is reused");
        assertNotNull(sso.redirectParameters().get("code"));

        Browser.Result again = browser.open(rp.authorize("openid").acrValues("eidas1").promptLogin().uri());
        assertFalse(again.leftKeycloak(), "prompt=login must show the login page, not return a code");
        Login.assertPage(again, "password");
    }

    @Test
    void rpInitiatedLogoutEndsTheSessionAndReturnsToTheRegisteredUri() {
        String username = Citizens.bornInFrance(realm);
        OIDCTokenResponse tokens = signIn(rp.authorize("openid").acrValues("eidas1"), username);

        State state = new State();
        URI logout = new LogoutRequest(RelyingParty.metadata().getEndSessionEndpointURI(),
                tokens.getOIDCTokens().getIDToken(), URI.create(TestEnvironment.MCF_POST_LOGOUT_URI), state).toURI();
        Browser.Result result = browser.open(logout);
        assertTrue(result.leftKeycloak(), "logout with id_token_hint must not ask for confirmation");
        assertTrue(result.leftTo().toString().startsWith(TestEnvironment.MCF_POST_LOGOUT_URI), "went to " + result.leftTo());
        assertEquals(state.getValue(), result.redirectParameters().get("state"));

        Browser.Result after = browser.open(rp.authorize("openid").acrValues("eidas1").uri());
        Login.assertPage(after, "username");
    }

    @Test
    void revokedAccessTokenNoLongerOpensUserinfo() throws Exception {
        String username = Citizens.bornInFrance(realm);
        OIDCTokenResponse tokens = signIn(rp.authorize("openid email").acrValues("eidas1"), username);
        BearerAccessToken accessToken = (BearerAccessToken) tokens.getOIDCTokens().getAccessToken();

        HTTPResponse revoked = new TokenRevocationRequest(RelyingParty.metadata().getRevocationEndpointURI(),
                new ClientSecretBasic(rp.clientId(), new Secret(TestEnvironment.MCF_SECRET)), accessToken)
                .toHTTPRequest().send();
        assertEquals(200, revoked.getStatusCode(), revoked.getBody());

        HTTPResponse userinfo = new UserInfoRequest(RelyingParty.metadata().getUserInfoEndpointURI(), accessToken)
                .toHTTPRequest().send();
        assertEquals(401, userinfo.getStatusCode());
    }
}
