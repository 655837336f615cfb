package fr.idnum.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import fr.idnum.e2e.support.Browser;
import fr.idnum.e2e.support.Citizens;
import fr.idnum.e2e.support.IdnumRealmConfig;
import fr.idnum.e2e.support.IdnumServerConfig;
import fr.idnum.e2e.support.Login;
import fr.idnum.e2e.support.RelyingParty;
import fr.idnum.e2e.support.TestEnvironment;
import org.jsoup.nodes.Document;
import fr.idnum.keycloak.loa.UnavailableLevelAuthenticator;
import fr.idnum.keycloak.push.PushEvents;
import org.junit.jupiter.api.Test;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.testframework.annotations.InjectEvents;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.injection.LifeCycle;
import org.keycloak.testframework.events.EventAssertion;
import org.keycloak.testframework.events.Events;
import org.keycloak.testframework.realm.ManagedRealm;

/** Levels the realm cannot meet are refused the OIDC way, never silently downgraded. */
@KeycloakIntegrationTest(config = IdnumServerConfig.class)
class LevelOfAssuranceIT {

    @InjectRealm(config = IdnumRealmConfig.class, lifecycle = LifeCycle.GLOBAL)
    ManagedRealm realm;

    @InjectEvents
    Events events;

    private final RelyingParty rp = RelyingParty.monCompteFormation();
    // From loopback: the framework's event assertions check the address.
    private final Browser browser = Browser.fromLoopback();

    private static void assertAccessDenied(Browser.Result result, RelyingParty.AuthorizationAttempt attempt) {
        assertTrue(result.leftKeycloak(), "expected an error response to the relying party, got HTTP " + result.status());
        assertTrue(result.leftTo().toString().startsWith(TestEnvironment.MCF_REDIRECT_URI));
        Map<String, String> params = result.redirectParameters();
        assertEquals("access_denied", params.get("error"));
        assertEquals(attempt.state.getValue(), params.get("state"));
        assertEquals(TestEnvironment.ISSUER, params.get("iss"));
        assertNull(params.get("code"), "an error response carries no code");
    }

    @Test
    void essentialEidas3IsRefusedBeforeAskingAnything() {
        RelyingParty.AuthorizationAttempt attempt = rp.authorize("openid")
                .claims("{\"id_token\":{\"acr\":{\"essential\":true,\"values\":[\"eidas3\"]}}}");
        Browser.Result result = browser.open(attempt.uri());
        assertAccessDenied(result, attempt);
        assertTrue(result.redirectParameters().get("error_description").contains("level of assurance"));

        EventAssertion.assertError(events.poll())
                .type(EventType.LOGIN_ERROR)
                .clientId(TestEnvironment.MCF_CLIENT_ID)
                .error(UnavailableLevelAuthenticator.EVENT_ERROR)
                .details("requested_level", "3");
    }

    @Test
    void eidas3AsPlainAcrValuesIsRefusedToo() {
        RelyingParty.AuthorizationAttempt attempt = rp.authorize("openid").acrValues("eidas3");
        assertAccessDenied(browser.open(attempt.uri()), attempt);
    }

    @Test
    void eidas2NeverAsksForThePassword() {
        String username = Citizens.bornInFrance(realm);
        RelyingParty.AuthorizationAttempt attempt = rp.authorize("openid").acrValues("eidas2");
        Browser.Result afterIdentifier = Login.identifier(browser, attempt.uri(), username);
        assertFalse(afterIdentifier.leftKeycloak());
        assertNull(afterIdentifier.page().selectFirst("input[name=password]"), "eidas2 relies on the phone, not a password");
    }

    @Test
    void eidas2ForACitizenWithoutAnActivatedPhoneIsRefusedCleanly() {
        String username = Citizens.bornInFrance(realm);
        RelyingParty.AuthorizationAttempt attempt = rp.authorize("openid")
                .claims("{\"id_token\":{\"acr\":{\"essential\":true,\"values\":[\"eidas2\"]}}}");
        Browser.Result page = Login.identifier(browser, attempt.uri(), username);

        assertEquals(200, page.status());
        Document doc = page.page();
        assertNotNull(doc.selectFirst("#idnum-no-device"), "explains how to get an activated phone:\n" + doc.text());
        assertTrue(doc.text().contains("Aucun téléphone activé"), doc.text());

        Browser.Result back = browser.submit(doc, "#idnum-no-device-form", Map.of("cancel", "true"));
        assertAccessDenied(back, attempt);

        EventAssertion.expectLoginError(events.poll())
                .clientId(TestEnvironment.MCF_CLIENT_ID)
                .error(PushEvents.NO_DEVICE_EVENT_ERROR)
                .hasUserId();
        EventAssertion.expectLoginError(events.poll()).error(Errors.REJECTED_BY_USER);
    }

    @Test
    void hubClientNeverGetsEidas1() {
        String username = Citizens.bornInFrance(realm);
        RelyingParty hub = RelyingParty.hub();
        RelyingParty.AuthorizationAttempt attempt = hub.authorize("openid").acrValues("eidas1").withoutPkce();
        Browser.Result afterIdentifier = Login.identifier(browser, attempt.uri(), username);
        assertFalse(afterIdentifier.leftKeycloak());
        assertNotNull(afterIdentifier.page().selectFirst("#idnum-no-device"),
                "the hub's minimum acr (eidas2) applies even when it asks for eidas1");
    }
}
