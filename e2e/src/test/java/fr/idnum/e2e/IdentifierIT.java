package fr.idnum.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import fr.idnum.e2e.support.Browser;
import fr.idnum.e2e.support.Citizens;
import fr.idnum.e2e.support.IdnumRealmConfig;
import fr.idnum.e2e.support.IdnumServerConfig;
import fr.idnum.e2e.support.Login;
import fr.idnum.e2e.support.QueryString;
import fr.idnum.e2e.support.RelyingParty;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.injection.LifeCycle;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * The sign-in pages never tell whether an account exists: an unknown identifier goes through the same pages
 * and gets the same refusals as an existing account that cannot succeed.
 */
@KeycloakIntegrationTest(config = IdnumServerConfig.class)
class IdentifierIT {

    @InjectRealm(config = IdnumRealmConfig.class, lifecycle = LifeCycle.GLOBAL)
    ManagedRealm realm;

    private final RelyingParty rp = RelyingParty.monCompteFormation();

    @Test
    void atEidas1AnUnknownIdentifierGetsThePasswordPageAndTheSameRefusalAsAWrongPassword() {
        String known = Citizens.bornInFrance(realm);
        String unknown = "nobody-" + UUID.randomUUID().toString().substring(0, 8);

        String refusedKnown = wrongPassword(known);
        String refusedUnknown = wrongPassword(unknown);

        assertEquals(refusedKnown, refusedUnknown);
    }

    @Test
    void atEidas2AnUnknownIdentifierGetsTheSamePageAsAnAccountWithoutAPhone() {
        String known = Citizens.bornInFrance(realm);
        String unknown = "nobody-" + UUID.randomUUID().toString().substring(0, 8);

        Browser.Result knownPage = Login.identifier(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), known);
        Browser browser = new Browser();
        RelyingParty.AuthorizationAttempt attempt = rp.authorize("openid").acrValues("eidas2");
        Browser.Result unknownPage = Login.identifier(browser, attempt.uri(), unknown);

        assertNotNull(unknownPage.page().selectFirst("#idnum-no-device"), unknownPage.page().text());
        assertEquals(withoutName(knownPage.page(), known), withoutName(unknownPage.page(), unknown));
        Browser.Result back = browser.submit(unknownPage.page(), "#idnum-no-device-form", Map.of("cancel", "true"));
        assertEquals("access_denied", back.redirectParameters().get("error"));
    }

    /** The error shown after a wrong password, with the identifier left out. */
    private String wrongPassword(String username) {
        Browser.Result passwordPage = Login.identifier(new Browser(), rp.authorize("openid").acrValues("eidas1").uri(), username);
        Login.assertPage(passwordPage, "password");
        Browser browser = new Browser();
        Browser.Result page = Login.withPassword(browser, rp.authorize("openid").acrValues("eidas1").uri(), username, "Wrong-Password-2026");
        Login.assertPage(page, "password");
        assertTrue(page.page().text().contains("Nous n’avons pas pu vous connecter avec ces informations"),
                "the neutral refusal on the password page:\n" + page.page().text());
        return withoutName(page.page(), username);
    }

    /**
     * The page's forms and title, the identifier left out, and the step each form posts to ({@code execution}): an
     * answer given by a later step than an unknown identifier's would tell the account apart by it alone.
     */
    private static String withoutName(Document page, String username) {
        String steps = page.select("form[action]").stream()
                .map(form -> QueryString.parse(URI.create(form.attr("action")).getRawQuery()).get("execution"))
                .collect(Collectors.joining(" "));
        return page.select("form").text().replace(username, "<identifier>") + " || " + page.title() + " || " + steps;
    }
}
