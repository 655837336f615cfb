package fr.idnum.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.idnum.e2e.support.Browser;
import fr.idnum.e2e.support.Citizens;
import fr.idnum.e2e.support.EnrollmentService;
import fr.idnum.e2e.support.IdnumRealmConfig;
import fr.idnum.e2e.support.IdnumServerConfig;
import fr.idnum.e2e.support.Login;
import fr.idnum.e2e.support.PageAudit;
import fr.idnum.e2e.support.RelyingParty;
import fr.idnum.e2e.support.TestEnvironment;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.injection.LifeCycle;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.ui.annotations.InjectWebDriver;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What FranceConnect+ asks of an identity provider's login pages: help, account creation and forgotten password
 * on the identifier and password pages, a public status URL, and "Retour sur FranceConnect" on the hub's
 * sign-ins only, which gives the hub back its {@code state} with {@code error=access_denied}, as OpenID Connect
 * has a cancelled sign-in end.
 */
@KeycloakIntegrationTest(config = IdnumServerConfig.class)
class LoginPageLinksIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HUB_SCOPES = "openid profile email";
    private static final URI STATUS = URI.create(TestEnvironment.ISSUER + "/idnum/status");

    @InjectRealm(config = IdnumRealmConfig.class, lifecycle = LifeCycle.GLOBAL)
    ManagedRealm realm;

    @InjectWebDriver
    ManagedWebDriver browser;

    @Test
    void theIdentifierAndPasswordPagesOfAServiceOfferHelpAccountCreationForgottenPasswordAndStatus() {
        String username = Citizens.bornInFrance(realm);
        Browser citizen = new Browser();
        Browser.Result identifier = citizen.open(RelyingParty.monCompteFormation().authorize("openid").acrValues("eidas1").uri());
        Login.assertPage(identifier, "username");
        Document page = identifier.page();
        assertEquals("Créer un compte", link(page, "#kc-registration a").text());
        assertTrue(link(page, "#idnum-forgot-password").attr("href").contains("/login-actions/reset-credentials"));
        assertHelpAndStatus(citizen, page);
        assertNull(page.selectFirst("#idnum-hub-return"), "no way back to the hub for an ordinary service");

        Browser.Result password = citizen.submit(page, Login.LOGIN_FORM, Map.of("username", username));
        Login.assertPage(password, "password");
        page = password.page();
        assertEquals("Mot de passe oublié ?", link(page, "a[href*=reset-credentials]").text());
        assertEquals("Créer un compte", link(page, "#idnum-register").text());
        assertTrue(link(page, "#idnum-register").attr("href").contains("/login-actions/registration"));
        assertHelpAndStatus(citizen, page);
        assertNull(page.selectFirst("#idnum-hub-return"));
    }

    @Test
    void retourSurFranceConnectSendsTheHubBackItsStateWithAccessDenied() {
        RelyingParty.AuthorizationAttempt attempt = RelyingParty.hub().authorize(HUB_SCOPES).acrValues("eidas2").withoutPkce();
        Browser citizen = new Browser();
        Browser.Result identifier = citizen.open(attempt.uri());
        Login.assertPage(identifier, "username");
        Element back = link(identifier.page(), "#idnum-hub-return");
        assertEquals("Retour sur FranceConnect", back.text());
        assertHelpAndStatus(citizen, identifier.page());

        Browser.Result result = citizen.open(URI.create(back.absUrl("href")));

        assertTrue(result.leftKeycloak(), "the link leaves for the hub");
        assertTrue(result.leftTo().toString().startsWith(TestEnvironment.HUB_REDIRECT_URI), result.leftTo().toString());
        Map<String, String> parameters = result.redirectParameters();
        assertEquals("access_denied", parameters.get("error"));
        assertEquals(attempt.state.getValue(), parameters.get("state"));
        assertNull(parameters.get("code"));
        // The sign-in is over: the same link cannot be used again.
        assertEquals(400, citizen.open(URI.create(back.absUrl("href"))).status());
    }

    @Test
    void theWayBackEndsOnlyTheHubsSignInsAndOnlyInTheBrowserThatStartedThem() {
        RelyingParty.AuthorizationAttempt attempt = RelyingParty.hub().authorize(HUB_SCOPES).acrValues("eidas2").withoutPkce();
        Browser citizen = new Browser();
        Browser.Result identifier = citizen.open(attempt.uri());
        Login.assertPage(identifier, "username");
        String href = link(identifier.page(), "#idnum-hub-return").absUrl("href");

        assertEquals(400, new Browser().open(URI.create(href)).status(), "another browser (no session cookie)");
        URI ordinary = URI.create(href.replace("client_id=" + TestEnvironment.HUB_CLIENT_ID, "client_id=" + TestEnvironment.MCF_CLIENT_ID));
        assertEquals(400, citizen.open(ordinary).status(), "an ordinary service's sign-in is not ended this way");
        Browser.Result still = citizen.open(URI.create(href));
        assertEquals("access_denied", still.redirectParameters().get("error"), "the hub's sign-in was still there");
    }

    @Test
    void theStatusIsPublicJsonSaysWhetherTheEnrollmentServiceAnswersAndNothingMore() throws Exception {
        EnrollmentService.get();
        JsonNode up = awaitStatus("ok");
        assertEquals(List.of("status", "components"), fieldNames(up));
        assertEquals(List.of("keycloak", "enrollment-service"), fieldNames(up.get("components")));
        assertEquals("up", up.get("components").get("keycloak").asText());
        assertEquals("reachable", up.get("components").get("enrollment-service").asText());

        HttpResponse<String> response = new Browser().fetch(STATUS);
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        String cache = response.headers().firstValue("Cache-Control").orElse("");
        assertTrue(cache.contains("max-age=5"), cache);

        AtomicReference<JsonNode> down = new AtomicReference<>();
        EnrollmentService.whileDown(() -> down.set(awaitStatus("degraded")));
        assertEquals("unreachable", down.get().get("components").get("enrollment-service").asText());
        assertEquals("up", down.get().get("components").get("keycloak").asText());
    }

    @Test
    void theHubsPagesTheHelpPageAndTheErrorPagesPassTheAccessibilityCheck() {
        WebDriver driver = browser.driver();
        driver.get(TestEnvironment.ISSUER + "/.well-known/openid-configuration");
        driver.manage().deleteAllCookies();
        RelyingParty.AuthorizationAttempt attempt = RelyingParty.hub().authorize(HUB_SCOPES).acrValues("eidas2").withoutPkce();
        driver.get(attempt.uri() + "&ui_locales=fr");
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
        PageAudit.check(driver, "hub-identifier-page");
        // A citizen without an activated phone gets the "no device" page, the hub's way back still in its footer.
        var identifierField = driver.findElement(By.name("username"));
        identifierField.sendKeys(Citizens.bornInFrance(realm));
        driver.findElement(By.cssSelector("#kc-form-login [type=submit]")).click();
        wait.until(ExpectedConditions.stalenessOf(identifierField));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("idnum-hub-return")));
        assertTrue(driver.findElements(By.name("username")).isEmpty(), "left the identifier page");
        PageAudit.check(driver, "hub-no-device-page");
        String back = driver.findElement(By.id("idnum-hub-return")).getAttribute("href");

        driver.findElement(By.id("idnum-help")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.tagName("h1")));
        assertEquals("Aide et questions fréquentes", driver.findElement(By.tagName("h1")).getText());
        PageAudit.check(driver, "help-page");

        // The hub's sign-in ended, then its way back followed again: Keycloak's error page, in our theme.
        driver.get(back);
        wait.until(d -> d.getCurrentUrl().startsWith(TestEnvironment.HUB_REDIRECT_URI));
        driver.get(back);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("kc-page-title")));
        PageAudit.check(driver, "error-page-expired");

        driver.get(TestEnvironment.ISSUER + "/protocol/openid-connect/auth?client_id=inconnu&response_type=code&scope=openid"
                + "&redirect_uri=http%3A%2F%2F127.0.0.1%3A1%2Fcb&ui_locales=fr");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("kc-page-title")));
        PageAudit.check(driver, "error-page-unknown-client");
    }

    @Test
    void theAuditFailsOnAFieldWithoutALabelAsKeycloaksPasswordPageHadIt() {
        WebDriver driver = browser.driver();
        // keycloak.v2's password page without our fix (resources/js/idnum-labels.js): the label names an absent field.
        driver.get("data:text/html;charset=utf-8,<!DOCTYPE html><html lang=fr><head><title>Connexion</title></head>"
                + "<body><main><h1>Se connecter</h1><label for=username>Adresse</label>"
                + "<input id=kc-attempted-username value=marie readonly></main></body></html>");
        AssertionError failure = assertThrows(AssertionError.class, () -> PageAudit.check(driver, "audit-self-check"));
        assertTrue(failure.getMessage().contains("critical label") && failure.getMessage().contains("#kc-attempted-username"),
                failure.getMessage());
    }

    /** The footer's help link leads to a page that answers, and its status link to the status endpoint. */
    private static void assertHelpAndStatus(Browser citizen, Document page) {
        Element help = link(page, "#idnum-help");
        assertEquals("Aide et questions fréquentes", help.text());
        HttpResponse<String> helpPage = citizen.fetch(URI.create(help.absUrl("href")));
        assertEquals(200, helpPage.statusCode());
        assertTrue(helpPage.body().contains("<h1>Aide et questions fréquentes</h1>"));
        Element status = link(page, "#idnum-status");
        assertEquals("État du service", status.text());
        assertEquals(STATUS.toString(), status.absUrl("href"));
    }

    private static Element link(Document page, String selector) {
        Element link = page.selectFirst(selector);
        assertNotNull(link, "no link " + selector + " on page:\n" + page.text());
        return link;
    }

    /** The status is cached a few seconds: asks until it says {@code expected}, at most 20 s. */
    private static JsonNode awaitStatus(String expected) {
        Instant deadline = Instant.now().plusSeconds(20);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = new Browser().fetch(STATUS);
            assertEquals(200, response.statusCode(), response.body());
            try {
                last = JSON.readTree(response.body());
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + response.body(), e);
            }
            if (expected.equals(last.path("status").asText())) {
                return last;
            }
            sleep();
        }
        throw new AssertionError("status never became " + expected + ": " + last);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
