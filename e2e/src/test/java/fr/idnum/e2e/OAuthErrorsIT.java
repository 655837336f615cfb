package fr.idnum.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import fr.idnum.e2e.support.Browser;
import fr.idnum.e2e.support.Citizens;
import fr.idnum.e2e.support.IdnumRealmConfig;
import fr.idnum.e2e.support.IdnumServerConfig;
import fr.idnum.e2e.support.Login;
import fr.idnum.e2e.support.QueryString;
import fr.idnum.e2e.support.RelyingParty;
import fr.idnum.e2e.support.TestEnvironment;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.injection.LifeCycle;
import org.keycloak.testframework.realm.ManagedRealm;

/** Mistakes of a relying party get the OAuth 2.0 error the specifications name. */
@KeycloakIntegrationTest(config = IdnumServerConfig.class)
class OAuthErrorsIT {

    @InjectRealm(config = IdnumRealmConfig.class, lifecycle = LifeCycle.GLOBAL)
    ManagedRealm realm;

    private final RelyingParty rp = RelyingParty.monCompteFormation();
    private final Browser browser = new Browser();

    private static URI withParameter(URI uri, String name, String rawValue) {
        return QueryString.withRaw(uri, name, rawValue);
    }

    private static ErrorObject tokenError(HTTPResponse response) throws Exception {
        assertFalse(response.indicatesSuccess(), "expected a token error, got " + response.getBody());
        return TokenErrorResponse.parse(response).getErrorObject();
    }

    @Test
    void unknownClientGetsAnErrorPageNotARedirect() {
        URI request = withParameter(rp.authorize("openid").uri(), "client_id", "no-such-client");
        Browser.Result result = browser.open(request);
        assertFalse(result.leftKeycloak(), "never redirect for a client we do not know");
        assertEquals(400, result.status());
    }

    @Test
    void unregisteredRedirectUriGetsAnErrorPageNotARedirect() {
        URI request = withParameter(rp.authorize("openid").uri(), "redirect_uri", "https%3A%2F%2Fattacker.example%2Fcb");
        Browser.Result result = browser.open(request);
        assertFalse(result.leftKeycloak(), "never redirect to an unregistered URI");
        assertEquals(400, result.status());
    }

    @Test
    void missingPkceIsAnInvalidRequest() {
        RelyingParty.AuthorizationAttempt attempt = rp.authorize("openid").withoutPkce();
        Map<String, String> params = browser.open(attempt.uri()).redirectParameters();
        assertEquals("invalid_request", params.get("error"));
        assertEquals(attempt.state.getValue(), params.get("state"));
        assertTrue(params.get("error_description").contains("code_challenge"), params.get("error_description"));
    }

    @Test
    void plainPkceMethodIsRefused() {
        URI request = withParameter(rp.authorize("openid").uri(), "code_challenge_method", "plain");
        Map<String, String> params = browser.open(request).redirectParameters();
        assertEquals("invalid_request", params.get("error"));
    }

    @Test
    void implicitFlowIsRefused() {
        URI request = withParameter(rp.authorize("openid").uri(), "response_type", "id_token");
        Map<String, String> params = browser.open(request).redirectParameters();
        assertTrue(params.get("error").equals("unauthorized_client") || params.get("error").equals("unsupported_response_type"),
                "error: " + params);
    }

    @Test
    void replayedCodeIsAnInvalidGrant() throws Exception {
        String username = Citizens.bornInFrance(realm);
        RelyingParty.AuthorizationAttempt attempt = rp.authorize("openid").acrValues("eidas1");
        String code = Login.withPassword(browser, attempt.uri(), username, Citizens.PASSWORD).redirectParameters().get("code");
        assertNotNull(code);

        assertTrue(attempt.exchange(code).indicatesSuccess());
        assertEquals("invalid_grant", tokenError(attempt.exchange(code)).getCode());
    }

    @Test
    void wrongPkceVerifierIsAnInvalidGrant() throws Exception {
        String username = Citizens.bornInFrance(realm);
        RelyingParty.AuthorizationAttempt attempt = rp.authorize("openid").acrValues("eidas1");
        String code = Login.withPassword(browser, attempt.uri(), username, Citizens.PASSWORD).redirectParameters().get("code");

        HTTPResponse response = rp.exchange(code, new com.nimbusds.oauth2.sdk.pkce.CodeVerifier());
        assertEquals("invalid_grant", tokenError(response).getCode());
    }

    /**
     * RFC 6749 names this {@code invalid_client}; Keycloak answers {@code unauthorized_client} with the same 401.
     * The relying-party guide tells integrators to key on the 401; this test pins Keycloak's behaviour so a
     * change of it is noticed.
     */
    @Test
    void wrongClientSecretIsRefusedWith401() throws Exception {
        com.nimbusds.oauth2.sdk.TokenRequest request = new com.nimbusds.oauth2.sdk.TokenRequest(
                RelyingParty.metadata().getTokenEndpointURI(),
                new com.nimbusds.oauth2.sdk.auth.ClientSecretBasic(rp.clientId(), new com.nimbusds.oauth2.sdk.auth.Secret("wrong")),
                new com.nimbusds.oauth2.sdk.AuthorizationCodeGrant(new com.nimbusds.oauth2.sdk.AuthorizationCode("whatever"),
                        URI.create(TestEnvironment.MCF_REDIRECT_URI)));
        HTTPResponse response = request.toHTTPRequest().send();
        assertEquals(401, response.getStatusCode());
        assertEquals("unauthorized_client", tokenError(response).getCode());
    }

    @Test
    void wrongPasswordKeepsTheCitizenOnTheLoginPageWithoutSayingWhichPartWasWrong() {
        String username = Citizens.bornInFrance(realm);
        Browser.Result result = Login.withPassword(browser, rp.authorize("openid").acrValues("eidas1").uri(), username, "Not-The-Password-1");
        Login.assertPage(result, "password");
        assertNotNull(result.page().selectFirst("#input-error, .pf-m-error, [aria-invalid=true]"), result.page().text());
    }
}
