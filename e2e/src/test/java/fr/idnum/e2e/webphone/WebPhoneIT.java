package fr.idnum.e2e.webphone;

import static fr.idnum.e2e.support.WebPhoneScreens.setDate;
import static fr.idnum.e2e.support.WebPhoneScreens.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;

import fr.idnum.demorp.DemoRelyingParty;
import fr.idnum.demorp.Settings;
import fr.idnum.e2e.support.Citizens;
import fr.idnum.e2e.support.EnrollmentService;
import fr.idnum.e2e.support.Enrollments;
import fr.idnum.e2e.support.IdnumRealmConfig;
import fr.idnum.e2e.support.IdnumServerConfig;
import fr.idnum.e2e.support.PageAudit;
import fr.idnum.e2e.support.TestEnvironment;
import fr.idnum.e2e.support.WebPhoneScreens;
import fr.idnum.protocol.enrollment.DeviceCredential;
import fr.idnum.webphone.WebPhone;
import fr.idnum.webphone.WebPhoneSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.injection.LifeCycle;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.ui.annotations.InjectWebDriver;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web phone in a real headless Chromium, as a citizen uses it: signed in as the app, it is activated with the
 * activation code the identity check released and a 4-digit code; then, in a second window, the citizen signs in
 * to the demo service at eidas2 and approves the request the web phone pulls (number shown by the waiting page, the
 * code on the PIN pad), and ends on the service's claims page with acr eidas2 — or denies it, and the sign-in fails.
 * The page's script is the only client of the device API here: its key is made by WebCrypto in the browser, no Java
 * code of the simulator signs or seals anything. Every web phone screen passes the axe check.
 */
@KeycloakIntegrationTest(config = IdnumServerConfig.class)
class WebPhoneIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    private static WebPhone webPhone;
    private static DemoRelyingParty service;

    @InjectRealm(config = IdnumRealmConfig.class, lifecycle = LifeCycle.GLOBAL)
    ManagedRealm realm;

    @InjectWebDriver
    ManagedWebDriver browser;

    @BeforeAll
    static void startTheWebPhoneAndTheService() throws IOException {
        webPhone = WebPhone.start(new WebPhoneSettings(URI.create(TestEnvironment.ISSUER),
                URI.create(TestEnvironment.ENROLLMENT_URL), URI.create(TestEnvironment.WEB_PHONE_REDIRECT_URI)));
        service = DemoRelyingParty.start(new Settings(URI.create(TestEnvironment.ISSUER), TestEnvironment.MCF_CLIENT_ID,
                TestEnvironment.MCF_SECRET, URI.create(TestEnvironment.MCF_REDIRECT_URI),
                URI.create(TestEnvironment.MCF_POST_LOGOUT_URI)));
    }

    @AfterAll
    static void stop() {
        if (webPhone != null) {
            webPhone.close();
        }
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aCitizenActivatesTheWebPhoneThenApprovesAnEidas2SignInOnIt() {
        Enrollments.Citizen citizen = Enrollments.verified(realm);
        WebDriver driver = freshBrowser();
        String phoneWindow = activateWebPhone(driver, citizen);

        String number = signInAtEidas2InAnotherWindow(driver, citizen);
        String serviceWindow = driver.getWindowHandle();

        driver.switchTo().window(phoneWindow);
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#notifications .open-challenge"))).click();
        String who = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("challenge-who"))).getText();
        assertEquals("Mon Compte Formation demande à vous connecter à votre Identité Numérique.", who);
        PageAudit.check(driver, "web-phone-challenge");
        driver.findElement(By.id("challenge-number")).sendKeys(number);
        WebPhoneScreens.tapPin(driver, "challenge-pin", Enrollments.PIN);
        driver.findElement(By.id("approve")).click();
        wait.until(ExpectedConditions.textToBe(By.id("status"), "Connexion validée."));
        PageAudit.check(driver, "web-phone-approved");

        driver.switchTo().window(serviceWindow);
        String acr = claimsPage(driver);
        PageAudit.screenshot(driver, "web-phone-demo-rp-signed-in-eidas2");
        assertEquals("Niveau obtenu (acr) : eidas2, pour un niveau demandé eidas2.", acr);
        assertEquals("Méthodes d'authentification (amr) : pin pop mfa", driver.findElement(By.id("amr")).getText());
    }

    @Test
    void aDenialOnTheWebPhoneFailsTheSignIn() {
        Enrollments.Citizen citizen = Enrollments.verified(realm);
        WebDriver driver = freshBrowser();
        String phoneWindow = activateWebPhone(driver, citizen);

        signInAtEidas2InAnotherWindow(driver, citizen);
        String serviceWindow = driver.getWindowHandle();

        driver.switchTo().window(phoneWindow);
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#notifications .open-challenge"))).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("deny"))).click();
        wait.until(ExpectedConditions.textToBe(By.id("status"), "Connexion refusée."));

        driver.switchTo().window(serviceWindow);
        // The waiting page learns the refusal from its status endpoint and says so; the service gets no sign-in.
        String body = new WebDriverWait(driver, WAIT).until(d -> {
            String text = d.findElement(By.tagName("body")).getText();
            return text.contains("Connexion refusée sur votre téléphone") ? text : null;
        });
        assertTrue(driver.findElements(By.id("acr")).isEmpty(), body);
        PageAudit.screenshot(driver, "web-phone-denied-waiting-page");
    }

    @Test
    void notMeThenUnlockChangeOfCodeAndDeactivationOnTheWebPhone() {
        Enrollments.Citizen citizen = Enrollments.verified(realm);
        WebDriver driver = freshBrowser();
        String phoneWindow = activateWebPhone(driver, citizen);
        signInAtEidas2InAnotherWindow(driver, citizen);
        driver.switchTo().window(phoneWindow);
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#notifications .open-challenge"))).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("not-me"))).click();
        String reported = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("status"))).getText();
        assertTrue(reported.startsWith("Signalement enregistré : toutes les connexions à votre Identité Numérique sont bloquées"), reported);

        driver.findElement(By.id("open-unlock")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("unlock-pin"))).sendKeys(Enrollments.PIN);
        PageAudit.check(driver, "web-phone-unlock");
        driver.findElement(By.id("unlock-button")).click();
        wait.until(ExpectedConditions.textToBe(By.id("status"), "Vos connexions sont à nouveau possibles."));

        driver.findElement(By.id("open-pin-change")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("old-pin"))).sendKeys(Enrollments.PIN);
        type(driver, "changed-pin", "1397");
        type(driver, "changed-pin-again", "1397");
        PageAudit.check(driver, "web-phone-pin-change");
        driver.findElement(By.id("pin-change-button")).click();
        wait.until(ExpectedConditions.textToBe(By.id("status"), "Votre code secret a été changé."));

        driver.findElement(By.id("open-deactivation")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("deactivation-pin"))).sendKeys(Enrollments.PIN);
        PageAudit.check(driver, "web-phone-deactivation");
        driver.findElement(By.id("deactivation-button")).click();
        // The old code no longer works: it counts as a wrong one.
        assertEquals("Code secret incorrect. Il vous reste 2 essai(s).",
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("alert"))).getText());
        type(driver, "deactivation-pin", "1397");
        driver.findElement(By.id("deactivation-button")).click();
        wait.until(ExpectedConditions.textToBe(By.id("status"), "Ce téléphone a été désactivé et oublié par ce navigateur."));
        var credentials = realm.admin().users().get(citizen.userId()).credentials();
        assertTrue(credentials.stream().noneMatch(c -> DeviceCredential.TYPE.equals(c.getType())),
                "the realm forgot the web phone: " + credentials);
    }

    @Test
    void aCitizenEnrollsInTheWebPhoneUpToThePostOfficeCheck() {
        EnrollmentService enrollmentService = EnrollmentService.get(); // started on first use: the page calls it at once
        String username = Citizens.create(realm, Map.of());
        WebDriver driver = freshBrowser();
        signInAsTheApp(driver, username);
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("identity-form")));
        // The pickers show the enrollment service's own list by French name, France chosen; a former state is a
        // possible birth country, never a nationality.
        Select birthCountry = new Select(driver.findElement(By.id("birthCountry")));
        Select nationality = new Select(driver.findElement(By.id("nationality")));
        wait.until(d -> birthCountry.getOptions().size() > 1);
        assertEquals(255, birthCountry.getOptions().size());
        assertEquals("France", birthCountry.getFirstSelectedOption().getText());
        assertEquals("99100", birthCountry.getFirstSelectedOption().getAttribute("value"));
        assertEquals("France", nationality.getFirstSelectedOption().getText());
        assertTrue(birthCountry.getOptions().stream().anyMatch(o -> o.getText().equals("Tchécoslovaquie (ancien pays)")
                && "99115".equals(o.getAttribute("value"))));
        assertTrue(nationality.getOptions().stream().noneMatch(o -> o.getText().startsWith("Tchécoslovaquie")));
        assertTrue(nationality.getOptions().stream().anyMatch(o -> o.getText().equals("Monténégro")));
        PageAudit.check(driver, "web-phone-identity-form");

        type(driver, "documentNumber", "x4rtbpfw4");
        setDate(driver, "documentExpiryDate", LocalDate.now().plusYears(5));
        type(driver, "givenNames", "Marie Anne");
        type(driver, "birthName", "Dupont");
        setDate(driver, "birthDate", LocalDate.of(1985, 4, 12));
        type(driver, "birthPlace", "75107");
        type(driver, "address.line1", "12 rue de Grenelle");
        type(driver, "address.postalCode", "75007");
        type(driver, "address.city", "Paris");
        type(driver, "mobilePhone", "01 45 67 89 10");
        type(driver, "email", username);
        driver.findElement(By.id("identity-button")).click();

        // A landline: the service's invalid-request names the field, the page says its rule in French beside it.
        String rule = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("mobilePhone-error"))).getText();
        assertTrue(rule.startsWith("Un numéro de mobile français"), rule);
        assertEquals("true", driver.findElement(By.id("mobilePhone")).getAttribute("aria-invalid"));
        assertEquals("Certaines informations sont à corriger : voyez les messages sous les champs.",
                driver.findElement(By.id("alert")).getText());
        PageAudit.check(driver, "web-phone-identity-refused");

        String mobile = String.format("061%07d", RANDOM.nextInt(10_000_000));
        driver.findElement(By.id("mobilePhone")).clear();
        type(driver, "mobilePhone", mobile);
        driver.findElement(By.id("identity-button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sms-code")));
        PageAudit.check(driver, "web-phone-sms-code");
        String code = enrollmentService.lastSmsTo(Enrollments.e164(mobile)).code();
        type(driver, "sms-code", code.equals("000000") ? "111111" : "000000");
        driver.findElement(By.id("sms-button")).click();
        assertEquals("Code incorrect. Il vous reste 4 essai(s).",
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("alert"))).getText());
        driver.findElement(By.id("sms-code")).clear();
        type(driver, "sms-code", code);
        driver.findElement(By.id("sms-button")).click();

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("mode-form")));
        PageAudit.check(driver, "web-phone-verification-choice");
        driver.findElement(By.cssSelector("label[for=mode-post-office]")).click();
        driver.findElement(By.id("mode-button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("go-activation")));
        String state = driver.findElement(By.id("enrollment-state")).getText();
        assertTrue(state.startsWith("Votre code d'activation vous a été envoyé par SMS. Présentez-le"), state);
        PageAudit.check(driver, "web-phone-awaiting-post-office");

        // The code texted a moment ago is the one to show the agent: a new one is only sent 2 minutes later.
        driver.findElement(By.id("go-activation")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("activation-resend"))).click();
        String tooSoon = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("alert"))).getText();
        assertTrue(tooSoon.matches("Patientez encore [0-9]+ secondes avant de demander un nouveau code\\."), tooSoon);
    }

    /** Opens a web phone that knows nothing yet (no key, no token) and signs in as the app, as {@code username}. */
    private void signInAsTheApp(WebDriver driver, String username) {
        WebPhoneScreens.openForgotten(driver, webPhone.home());
        PageAudit.check(driver, "web-phone-welcome");
        WebPhoneScreens.signIn(driver, username, Citizens.PASSWORD);
    }

    /**
     * In the web phone's window: the app's sign-in (the realm's own pages), the enrollment screen, then the
     * activation with the code and {@link Enrollments#PIN}. Answers the window's handle.
     */
    private String activateWebPhone(WebDriver driver, Enrollments.Citizen citizen) {
        signInAsTheApp(driver, citizen.username());
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.until(ExpectedConditions.elementToBeClickable(By.id("go-activation")));
        assertEquals("Identité vérifiée : vous pouvez activer ce téléphone.", driver.findElement(By.id("enrollment-state")).getText());
        PageAudit.check(driver, "web-phone-enrollment-verified");
        driver.findElement(By.id("go-activation")).click();

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("activation-code"))).sendKeys(citizen.activationCode());
        driver.findElement(By.id("new-pin")).sendKeys("1985");
        driver.findElement(By.id("new-pin-again")).sendKeys("1985");
        PageAudit.check(driver, "web-phone-activation");
        driver.findElement(By.id("activate-button")).click();
        // The rules are the docs': the birth year is refused before anything is sent.
        assertEquals("N'utilisez pas votre année de naissance.",
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("alert"))).getText());
        driver.findElement(By.id("new-pin")).clear();
        driver.findElement(By.id("new-pin")).sendKeys(Enrollments.PIN);
        driver.findElement(By.id("new-pin-again")).clear();
        driver.findElement(By.id("new-pin-again")).sendKeys(Enrollments.PIN);
        driver.findElement(By.id("activate-button")).click();

        wait.until(ExpectedConditions.textToBe(By.id("status"), "Téléphone activé. Vos demandes de connexion apparaîtront ici."));
        PageAudit.check(driver, "web-phone-notifications");
        var credentials = realm.admin().users().get(citizen.userId()).credentials();
        assertTrue(credentials.stream().anyMatch(c -> DeviceCredential.TYPE.equals(c.getType())),
                "the realm holds the web phone's credential: " + credentials);
        return driver.getWindowHandle();
    }

    /** In a new window, without the realm's cookies: the demo service's button at eidas2. Answers the number shown. */
    private String signInAtEidas2InAnotherWindow(WebDriver driver, Enrollments.Citizen citizen) {
        driver.switchTo().newWindow(WindowType.WINDOW);
        driver.get(TestEnvironment.ISSUER + "/.well-known/openid-configuration");
        driver.manage().deleteAllCookies();
        driver.get(service.home().toString());
        driver.findElement(By.cssSelector("label[for=level-eidas2]")).click();
        driver.findElement(By.id("idnum-button")).click();
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username"))).sendKeys(citizen.username());
        driver.findElement(By.cssSelector("#kc-form-login [type=submit]")).click();
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("idnum-push-number"))).getText().trim();
    }

    private static String claimsPage(WebDriver driver) {
        try {
            return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("acr"))).getText();
        } catch (RuntimeException e) {
            throw new AssertionError("No claims page at " + driver.getCurrentUrl() + ":\n"
                    + driver.findElement(By.tagName("body")).getText(), e);
        }
    }

    /** One window, without the realm's cookies of a previous test. */
    private WebDriver freshBrowser() {
        WebDriver driver = browser.driver();
        String keep = driver.getWindowHandle();
        for (String handle : driver.getWindowHandles()) {
            if (!handle.equals(keep)) {
                driver.switchTo().window(handle).close();
            }
        }
        driver.switchTo().window(keep);
        driver.get(TestEnvironment.ISSUER + "/.well-known/openid-configuration");
        driver.manage().deleteAllCookies();
        return driver;
    }
}
