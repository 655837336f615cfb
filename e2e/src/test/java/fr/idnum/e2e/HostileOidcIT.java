package fr.idnum.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.sun.net.httpserver.HttpServer;
import fr.idnum.e2e.support.Browser;
import fr.idnum.e2e.support.Citizens;
import fr.idnum.e2e.support.IdnumRealmConfig;
import fr.idnum.e2e.support.IdnumServerConfig;
import fr.idnum.e2e.support.Login;
import fr.idnum.e2e.support.QueryString;
import fr.idnum.e2e.support.RelyingParty;
import fr.idnum.e2e.support.TestEnvironment;
import fr.idnum.simulator.PhoneApp;
import fr.idnum.simulator.login.AppTokens;
import fr.idnum.testsupport.CampaignTally;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.injection.LifeCycle;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Hostile OpenID Connect requests (issue 14): what a malicious page or relying party can put in an authorization or
 * token request. Each case asserts the behaviour a relying party and an auditor can rely on: never a redirect to an
 * address that is not registered, never a 5xx, nobody signed in without their factors, no claim or token beyond what
 * was granted. The cases and answers are listed in docs/security-tests.md.
 */
@KeycloakIntegrationTest(config = IdnumServerConfig.class)
class HostileOidcIT {

    /** This class's counts for the campaign's totals (docs/security-tests.md): each hostile request is a case. */
    private static final CampaignTally TALLY = new CampaignTally();

    @InjectRealm(config = IdnumRealmConfig.class, lifecycle = LifeCycle.GLOBAL)
    ManagedRealm realm;

    private final RelyingParty rp = RelyingParty.monCompteFormation();

    @AfterAll
    static void tally() {
        TALLY.write(HostileOidcIT.class);
    }

    @Test
    void aRedirectUriThatOnlyResemblesTheRegisteredOneGetsAnErrorPageNeverARedirect() {
        String registered = TestEnvironment.MCF_REDIRECT_URI;
        List<String> lookalikes = List.of(
                registered + "x",
                registered + "/",
                registered + "/../../evil",
                registered + "?next=https://attacker.example/",
                registered + "#https://attacker.example/",
                registered.replace("127.0.0.1", "localhost"),
                registered.replace("18082", "18089"),
                registered.replace("http://", "https://"),
                registered.toUpperCase(),
                registered.replace("http://127.0.0.1:18082", "http://127.0.0.1:18082@attacker.example"),
                registered.replace("/login/callback", "/login/%2e%2e/callback"),
                "https://attacker.example/login/callback");
        for (String lookalike : lookalikes) {
            Browser.Result result = new Browser().open(QueryString.with(rp.authorize("openid").uri(), "redirect_uri", lookalike));
            TALLY.answered(result.status());
            assertFalse(result.leftKeycloak(), lookalike + " must not be redirected to: " + result.leftTo());
            assertEquals(400, result.status(), lookalike);
        }
    }

    @Test
    void anUnsignedRequestObjectIsRefused() {
        // alg "none": anyone could have written it. A relying party of ours sends its parameters in the query.
        String header = base64Url("{\"alg\":\"none\"}");
        String claims = base64Url("{\"iss\":\"" + TestEnvironment.MCF_CLIENT_ID + "\",\"aud\":\"" + TestEnvironment.ISSUER
                + "\",\"client_id\":\"" + TestEnvironment.MCF_CLIENT_ID + "\",\"response_type\":\"code\",\"scope\":\"openid\","
                + "\"redirect_uri\":\"https://attacker.example/cb\",\"acr_values\":\"eidas1\"}");
        Browser.Result result = new Browser().open(QueryString.with(rp.authorize("openid").uri(), "request", header + "." + claims + "."));
        TALLY.answered(result.status());
        assertRefusedWithoutLeavingForAnUnregisteredUri(result);
        if (result.leftKeycloak()) {
            assertEquals("invalid_request_object", result.redirectParameters().get("error"), result.leftTo().toString());
        }
    }

    @Test
    void aRequestUriIsNeverFetched() throws Exception {
        AtomicInteger fetched = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            fetched.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        try {
            String requestUri = "http://127.0.0.1:" + server.getAddress().getPort() + "/request-object";
            Browser.Result result = new Browser().open(QueryString.with(rp.authorize("openid").uri(), "request_uri", requestUri));
            TALLY.answered(result.status());
            assertRefusedWithoutLeavingForAnUnregisteredUri(result);
            if (result.leftKeycloak()) {
                assertTrue(List.of("invalid_request_uri", "request_uri_not_supported", "invalid_request")
                        .contains(result.redirectParameters().get("error")), result.leftTo().toString());
            }
            assertEquals(0, fetched.get(), "Keycloak fetched a request_uri no client registered");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void promptNoneWithoutASessionAnswersLoginRequired() {
        RelyingParty.AuthorizationAttempt attempt = rp.authorize("openid").acrValues("eidas1");
        Browser.Result result = new Browser().open(QueryString.with(attempt.uri(), "prompt", "none"));
        TALLY.answered(result.status());
        assertTrue(result.leftKeycloak(), "answered to the relying party");
        assertEquals("login_required", result.redirectParameters().get("error"));
        assertEquals(attempt.state.getValue(), result.redirectParameters().get("state"));
        assertNull(result.redirectParameters().get("code"));
    }

    @Test
    void maxAgeZeroAsksForTheFactorsAgainDespiteASession() throws InterruptedException {
        String username = Citizens.bornInFrance(realm);
        Browser browser = new Browser();
        assertNotNull(Login.withPassword(browser, rp.authorize("openid").acrValues("eidas1").uri(), username, Citizens.PASSWORD)
                .redirectParameters().get("code"));
        // With the session, a plain request signs in at once...
        assertTrue(browser.open(rp.authorize("openid").acrValues("eidas1").uri()).leftKeycloak(), "single sign-on");
        // ...but max_age=0 asks again. Keycloak counts in whole seconds, as auth_time does: within the second of the
        // sign-in, "0 seconds ago" is not older than 0 and the session is used (docs/security-tests.md).
        Thread.sleep(2000);
        Browser.Result again = browser.open(QueryString.with(rp.authorize("openid").acrValues("eidas1").uri(), "max_age", "0"));
        TALLY.answered(again.status());
        assertFalse(again.leftKeycloak(), "max_age=0 signed in without asking: " + again.leftTo());
        assertTrue(again.page().selectFirst("input[name=password], input[name=username]") != null, again.page().text());
    }

    @Test
    void garbageAcrValuesNeverGiveMoreThanTheFactorsTyped() {
        for (String garbage : List.of("<script>alert(1)</script>", "eidas1 eidas3 ' OR 1=1 --", "x".repeat(4000), "eidas2\u0000", "EIDAS2")) {
            Browser.Result result = new Browser().open(QueryString.with(rp.authorize("openid").uri(), "acr_values", garbage));
            TALLY.answered(result.status());
            assertTrue(result.status() < 500, "acr_values " + abbreviate(garbage) + ": HTTP " + result.status());
            if (result.leftKeycloak()) {
                assertNull(result.redirectParameters().get("code"), "nobody signed in");
                assertEquals(TestEnvironment.MCF_REDIRECT_URI, withoutQuery(result.leftTo()));
            } else {
                assertFalse(result.page().html().contains("<script>alert(1)</script>"), "the value is not echoed as markup");
            }
        }
    }

    @Test
    void essentialClaimsThatWereNotGrantedAreNotInTheIdToken() throws Exception {
        String username = Citizens.bornInFrance(realm);
        RelyingParty.AuthorizationAttempt attempt = rp.authorize("openid")
                .claims("{\"id_token\":{\"birthdate\":{\"essential\":true},\"given_name\":{\"essential\":true},"
                        + "\"birthplace\":{\"essential\":true}},\"userinfo\":{\"birthdate\":{\"essential\":true}}}")
                .acrValues("eidas1");
        String code = Login.withPassword(new Browser(), attempt.uri(), username, Citizens.PASSWORD).redirectParameters().get("code");
        assertNotNull(code, "signed in with the password");
        TALLY.cases(1);
        OIDCTokenResponse tokens = RelyingParty.tokens(attempt.exchange(code));
        IDTokenClaimsSet id = rp.validateSigned(tokens.getOIDCTokens().getIDToken(), JWSAlgorithm.RS256, attempt.nonce);
        assertEquals("eidas1", id.getACR().getValue(), "the level is what was typed, not what was asked");
        for (String claim : List.of("birthdate", "given_name", "birthplace")) {
            assertNull(id.getClaim(claim), claim + " came without the scope that grants it");
        }
    }

    @Test
    void oversizedStateAndNonceGetAClearAnswerNotAServerError() {
        for (String parameter : List.of("state", "nonce")) {
            for (int size : List.of(4_000, 20_000)) {
                String value = "s".repeat(size);
                Browser.Result result = new Browser().open(QueryString.with(rp.authorize("openid").acrValues("eidas1").uri(), parameter, value));
                TALLY.answered(result.status());
                assertTrue(result.status() < 500, parameter + " of " + size + " characters: HTTP " + result.status());
                if (result.leftKeycloak()) {
                    assertEquals(TestEnvironment.MCF_REDIRECT_URI, withoutQuery(result.leftTo()));
                }
            }
        }
    }

    @Test
    void aCodeIssuedToOneClientIsWorthNothingToAnother() throws Exception {
        String username = Citizens.bornInFrance(realm);
        RelyingParty.AuthorizationAttempt attempt = rp.authorize("openid").acrValues("eidas1");
        String code = Login.withPassword(new Browser(), attempt.uri(), username, Citizens.PASSWORD).redirectParameters().get("code");
        HTTPResponse stolen = RelyingParty.hub().exchange(code, attempt.verifier);
        TALLY.answered(stolen.getStatusCode());
        assertFalse(stolen.indicatesSuccess(), "another client redeemed the code: " + stolen.getBody());
        ErrorObject error = TokenErrorResponse.parse(stolen).getErrorObject();
        assertEquals("invalid_grant", error.getCode(), stolen.getBody());
        // The rightful client's exchange still tells whether the code was burnt by the attempt; either way no token
        // ever reached the other client.
        HTTPResponse rightful = attempt.exchange(code);
        assertTrue(rightful.getStatusCode() < 500, rightful.getBody());
    }

    @Test
    void aRefreshTokenUsedTwiceIsRefusedTheSecondTime() throws Exception {
        String username = Citizens.bornInFrance(realm);
        PhoneApp app = PhoneApp.at(URI.create(TestEnvironment.ISSUER), URI.create(TestEnvironment.ENROLLMENT_URL), java.time.Clock.systemUTC());
        AppTokens tokens = app.login(username, Citizens.PASSWORD);
        assertNotNull(tokens.refreshToken(), "the app gets a refresh token");
        HttpResponse<String> first = refresh(tokens.refreshToken());
        assertEquals(200, first.statusCode(), first.body());
        HttpResponse<String> reused = refresh(tokens.refreshToken());
        TALLY.answered(reused.statusCode());
        assertEquals(400, reused.statusCode(), reused.body());
        assertTrue(reused.body().contains("invalid_grant"), reused.body());
    }

    private static HttpResponse<String> refresh(String refreshToken) throws Exception {
        String form = "grant_type=refresh_token&client_id=idnum-app&refresh_token=" + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(TestEnvironment.ISSUER + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Refused: an error page, or an error sent back to the registered redirect URI only, never a code. */
    private static void assertRefusedWithoutLeavingForAnUnregisteredUri(Browser.Result result) {
        assertTrue(result.status() < 500, "HTTP " + result.status());
        if (result.leftKeycloak()) {
            assertEquals(TestEnvironment.MCF_REDIRECT_URI, withoutQuery(result.leftTo()));
            assertNull(result.redirectParameters().get("code"), "nobody signed in");
            assertNotNull(result.redirectParameters().get("error"));
        } else {
            assertTrue(result.status() >= 400, "an error page: HTTP " + result.status() + " " + result.page().text());
        }
    }

    private static String withoutQuery(URI uri) {
        String text = uri.toString();
        int cut = text.indexOf('?') >= 0 ? text.indexOf('?') : text.indexOf('#') >= 0 ? text.indexOf('#') : text.length();
        return text.substring(0, cut);
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "… (" + value.length() + ")" : value;
    }
}
