package fr.idnum.e2e.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import fr.idnum.e2e.support.Browser;
import fr.idnum.e2e.support.Citizens;
import fr.idnum.e2e.support.Enrollments;
import fr.idnum.e2e.support.IdnumRealmConfig;
import fr.idnum.e2e.support.IdnumServerConfig;
import fr.idnum.e2e.support.Login;
import fr.idnum.e2e.support.Mailbox;
import fr.idnum.e2e.support.PageAudit;
import fr.idnum.e2e.support.PushLogin;
import fr.idnum.e2e.support.QueryString;
import fr.idnum.e2e.support.RelyingParty;
import fr.idnum.e2e.support.TestEnvironment;
import fr.idnum.protocol.Challenges;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.injection.LifeCycle;
import org.keycloak.testframework.mail.MailServer;
import org.keycloak.testframework.mail.annotations.InjectMailServer;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.ui.annotations.InjectWebDriver;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * "Mot de passe oublié ?": a link by e-mail, a new password, and nothing else changes: the activated phone
 * (the idnum-device credential) survives and still signs in at eidas2, and a reset never yields eidas2 itself.
 */
@KeycloakIntegrationTest(config = IdnumServerConfig.class)
class ForgottenPasswordIT {

    private static final String DEVICE = "idnum-device";
    private static final String RESET_PASSWORD = "Nouveau-Secret-2026";

    @InjectRealm(config = IdnumRealmConfig.class, lifecycle = LifeCycle.GLOBAL)
    ManagedRealm realm;

    @InjectWebDriver
    ManagedWebDriver browser;

    @InjectMailServer
    MailServer mail;

    private final RelyingParty rp = RelyingParty.monCompteFormation();

    @Test
    void aNewPasswordFromTheEmailedLinkSignsIn() throws IOException {
        String username = Citizens.bornInFrance(realm);
        WebDriver driver = browser.driver();
        driver.get(TestEnvironment.ISSUER + "/.well-known/openid-configuration");
        driver.manage().deleteAllCookies();
        driver.get(AccountCreationIT.inFrench(rp.authorize("openid").acrValues("eidas1").uri()));
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username"))).sendKeys(username);
        driver.findElement(By.cssSelector("#kc-form-login [type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.linkText("Mot de passe oublié ?")));
        PageAudit.check(driver, "password-page-fr");
        driver.findElement(By.linkText("Mot de passe oublié ?")).click();

        var identifier = wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
        identifier.clear();
        identifier.sendKeys(username);
        AccountCreationIT.screenshot(driver, "forgotten-password-page.png");
        PageAudit.check(driver, "forgotten-password-page");
        driver.findElement(By.cssSelector("#kc-reset-password-form [type=submit]")).click();
        wait.until(d -> d.findElement(By.tagName("body")).getText().contains("un message vient d’y être envoyé"));
        PageAudit.check(driver, "forgotten-password-sent");

        driver.get(Mailbox.lastTo(mail, username).actionLink());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("password-new"))).sendKeys(RESET_PASSWORD);
        driver.findElement(By.name("password-confirm")).sendKeys(RESET_PASSWORD);
        AccountCreationIT.screenshot(driver, "forgotten-password-new-password.png");
        PageAudit.check(driver, "forgotten-password-new-password");
        driver.findElement(By.cssSelector("[type=submit]")).click();
        wait.until(d -> d.getCurrentUrl().startsWith(TestEnvironment.MCF_REDIRECT_URI));

        RelyingParty.AuthorizationAttempt again = rp.authorize("openid").acrValues("eidas1");
        assertEquals("eidas1", idToken(again, Login.withPassword(new Browser(), again.uri(), username, RESET_PASSWORD)).getACR().getValue());
        Browser.Result old = Login.withPassword(new Browser(), rp.authorize("openid").acrValues("eidas1").uri(), username, Citizens.PASSWORD);
        Login.assertPage(old, "password");
    }

    @Test
    void theActivatedPhoneSurvivesAResetAndStillSignsInAtEidas2() throws Exception {
        Enrollments.Citizen citizen = Enrollments.activated(realm);
        CredentialRepresentation phone = device(citizen);

        Browser browser = new Browser();
        Browser.Result passwordPage = Login.identifier(browser, rp.authorize("openid").acrValues("eidas1").uri(), citizen.username());
        var forgot = passwordPage.page().selectFirst("a#kc-forgot-pwd, a[href*=reset-credentials]");
        assertNotNull(forgot, "no 'Mot de passe oublié ?' link:\n" + passwordPage.page().text());
        Browser.Result reset = resetPassword(browser, browser.open(URI.create(forgot.absUrl("href"))).page(), citizen.username());
        assertTrue(reset.leftKeycloak(), "the reset ends at the relying party");
        // The e-mail left after the answer, from another thread; its event still says who asked, from where, for what.
        EventRepresentation sent = sentResetEvent(citizen.userId());
        assertEquals(TestEnvironment.MCF_CLIENT_ID, sent.getClientId());
        assertNotNull(sent.getIpAddress());
        assertEquals(citizen.username(), sent.getDetails().get("email"));

        CredentialRepresentation after = device(citizen);
        assertEquals(phone.getId(), after.getId(), "same phone credential");
        assertEquals(phone.getCreatedDate(), after.getCreatedDate());
        assertEquals(phone.getCredentialData(), after.getCredentialData(), "same key, same status");

        RelyingParty.AuthorizationAttempt attempt = rp.authorize("openid").acrValues("eidas2");
        PushLogin login = PushLogin.start(new Browser(), attempt.uri(), citizen.username());
        Challenges.Challenge challenge = citizen.phone().awaitChallenge(Duration.ofSeconds(10));
        citizen.phone().approve(challenge, Enrollments.PIN, login.number());
        Browser.Result callback = login.check();
        assertEquals("eidas2", idToken(attempt, callback).getACR().getValue());
    }

    @Test
    void aResetDuringAnEidas2SignInDoesNotGiveEidas2() {
        Enrollments.Citizen citizen = Enrollments.activated(realm);
        Browser browser = new Browser();
        RelyingParty.AuthorizationAttempt attempt = rp.authorize("openid").acrValues("eidas2");
        Browser.Result identifierPage = browser.open(attempt.uri());
        Login.assertPage(identifierPage, "username");
        // Whatever the pages offer (the identifier page links to the reset at every level, as FranceConnect+ asks), an
        // attacker can type the reset URL of the same sign-in (its tab), then read the link in a mailbox they took over.
        String action = identifierPage.page().selectFirst(Login.LOGIN_FORM).absUrl("action");
        Map<String, String> query = QueryString.parse(URI.create(action).getRawQuery());
        URI resetUri = URI.create(TestEnvironment.ISSUER + "/login-actions/reset-credentials?client_id="
                + TestEnvironment.MCF_CLIENT_ID + "&tab_id=" + query.get("tab_id"));

        Browser.Result result = resetPassword(browser, browser.open(resetUri).page(), citizen.username());

        if (result.leftKeycloak() && result.redirectParameters().containsKey("code")) {
            IDTokenClaimsSet id = idToken(attempt, result);
            assertNotEquals("eidas2", id.getACR().getValue(), "a password reset must never stand in for the phone");
        } else if (result.leftKeycloak()) {
            assertNotNull(result.redirectParameters().get("error"), String.valueOf(result.redirectParameters()));
        }
        assertEquals(1, realm.admin().users().get(citizen.userId()).credentials().stream()
                .filter(c -> DEVICE.equals(c.getType())).count());
    }

    /** Asks for the e-mail on the reset page, follows the e-mailed link and chooses {@link #RESET_PASSWORD}. */
    private Browser.Result resetPassword(Browser browser, Document resetPage, String username) {
        Browser.Result sent = browser.submit(resetPage, "#kc-reset-password-form", Map.of("username", username));
        assertTrue(sent.page().text().contains("un message vient d’y être envoyé"), sent.page().text());
        Browser.Result newPassword = browser.open(URI.create(Mailbox.lastTo(mail, username).actionLink()));
        Login.assertPage(newPassword, "password-new");
        return browser.submit(newPassword.page(), "#kc-passwd-update-form",
                Map.of("password-new", RESET_PASSWORD, "password-confirm", RESET_PASSWORD));
    }

    /** The SEND_RESET_PASSWORD event of {@code userId}, recorded once the e-mail is sent (after the answer). */
    private EventRepresentation sentResetEvent(String userId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            List<EventRepresentation> events = realm.admin().getEvents(List.of("SEND_RESET_PASSWORD"), null, userId, null, null, null, 0, 10);
            if (!events.isEmpty()) {
                return events.get(0);
            }
            assertTrue(System.nanoTime() < deadline, "no SEND_RESET_PASSWORD event for " + userId);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private CredentialRepresentation device(Enrollments.Citizen citizen) {
        List<CredentialRepresentation> phones = realm.admin().users().get(citizen.userId()).credentials().stream()
                .filter(c -> DEVICE.equals(c.getType())).toList();
        assertEquals(1, phones.size(), "phones of the citizen");
        assertFalse(phones.get(0).getCredentialData() == null);
        return phones.get(0);
    }

    private IDTokenClaimsSet idToken(RelyingParty.AuthorizationAttempt attempt, Browser.Result callback) {
        return idToken(attempt, callback.redirectParameters().get("code"));
    }

    private IDTokenClaimsSet idToken(RelyingParty.AuthorizationAttempt attempt, String code) {
        var tokens = RelyingParty.tokens(attempt.exchange(code));
        return rp.validateSigned(tokens.getOIDCTokens().getIDToken(), JWSAlgorithm.RS256, attempt.nonce);
    }
}
