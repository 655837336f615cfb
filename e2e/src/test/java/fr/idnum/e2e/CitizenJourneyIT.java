package fr.idnum.e2e;

import static fr.idnum.e2e.support.WebPhoneScreens.setDate;
import static fr.idnum.e2e.support.WebPhoneScreens.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Locale;
import java.util.UUID;

import fr.idnum.demorp.DemoRelyingParty;
import fr.idnum.demorp.Settings;
import fr.idnum.desk.Desk;
import fr.idnum.desk.DeskSettings;
import fr.idnum.e2e.support.Agent;
import fr.idnum.e2e.support.DeskScreens;
import fr.idnum.e2e.support.EnrollmentService;
import fr.idnum.e2e.support.Enrollments;
import fr.idnum.e2e.support.IdnumRealmConfig;
import fr.idnum.e2e.support.IdnumServerConfig;
import fr.idnum.e2e.support.Mailbox;
import fr.idnum.e2e.support.PageAudit;
import fr.idnum.e2e.support.TestEnvironment;
import fr.idnum.e2e.support.WebPhoneScreens;
import fr.idnum.webphone.WebPhone;
import fr.idnum.webphone.WebPhoneSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The citizen's whole journey (issue 12) in one headless Chromium, with nobody created through the admin API: from
 * the demo service's button, "Créer un compte" (e-mail and terms, the link from the e-mail, the password) and an
 * eidas1 sign-in; the enrollment in the web phone (the app's sign-in, the identity form, the SMS code, the post
 * office); the agent's confirmation at the desk; the web phone's activation with the activation code and a 4-digit
 * code; and an eidas2 sign-in at the demo service approved in the web phone, ending on the service's claims page with
 * the identity the citizen declared and the agent checked. Three windows stand for three devices: the citizen's
 * computer, their phone, the post-office agent's desk. Every new page passes the axe check (screenshots named
 * {@code journey-*}); the time of each phase is printed, never asserted.
 */
@KeycloakIntegrationTest(config = IdnumServerConfig.class)
class CitizenJourneyIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PASSWORD = "Parcours-Citoyen-2026";
    private static final String BIRTH_NAME = "Moreau";

    private static DemoRelyingParty service;
    private static WebPhone webPhone;
    private static Desk desk;

    @InjectRealm(config = IdnumRealmConfig.class, lifecycle = LifeCycle.GLOBAL)
    ManagedRealm realm;

    @InjectWebDriver
    ManagedWebDriver browser;

    @InjectMailServer
    MailServer mail;

    private long phaseStart;

    @BeforeAll
    static void startTheServiceThePhoneAndTheDesk() throws IOException {
        service = DemoRelyingParty.start(new Settings(URI.create(TestEnvironment.ISSUER), TestEnvironment.MCF_CLIENT_ID,
                TestEnvironment.MCF_SECRET, URI.create(TestEnvironment.MCF_REDIRECT_URI),
                URI.create(TestEnvironment.MCF_POST_LOGOUT_URI)));
        webPhone = WebPhone.start(new WebPhoneSettings(URI.create(TestEnvironment.ISSUER),
                URI.create(TestEnvironment.ENROLLMENT_URL), URI.create(TestEnvironment.WEB_PHONE_REDIRECT_URI)));
        desk = Desk.start(new DeskSettings(URI.create(TestEnvironment.ISSUER), TestEnvironment.BACKOFFICE_CLIENT_ID,
                URI.create(TestEnvironment.BACKOFFICE_REDIRECT_URI), URI.create(TestEnvironment.ENROLLMENT_URL),
                Duration.ofMinutes(15)));
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (webPhone != null) {
            webPhone.close();
        }
        if (desk != null) {
            desk.close();
        }
    }

    @Test
    void aNewcomerCreatesAnAccountEnrollsIsCheckedAtThePostOfficeAndSignsInAtEidas2() {
        EnrollmentService enrollmentService = EnrollmentService.get(); // the web phone calls it as soon as it is signed in
        // The agent is staff like any other: an account with an activated phone (set up outside the citizen's journey).
        Enrollments.Citizen agent = Agent.enrolledStaff(realm, "identity-verifier");
        String email = "parcours-" + UUID.randomUUID().toString().substring(0, 8) + "@example.fr";
        String mobile = String.format("061%07d", RANDOM.nextInt(10_000_000));
        WebDriver driver = oneWindowWithoutCookies();
        String computer = driver.getWindowHandle();

        startPhase();
        createAccountFromTheDemoService(driver, email);
        endPhase("1. account creation, signed in at eidas1");

        startPhase();
        driver.switchTo().newWindow(WindowType.WINDOW);
        String phone = driver.getWindowHandle();
        enrollUpToTheChoiceOfCheck(driver, enrollmentService, email, mobile);
        endPhase("2. web phone: sign-in, identity, SMS code");

        // The activation code lives 20 s in the tests (30 days in production), from the choice of the post office to
        // the activation: the agent is already signed in at the desk when the citizen makes that choice.
        startPhase();
        driver.switchTo().newWindow(WindowType.WINDOW);
        String agentDesk = driver.getWindowHandle();
        DeskScreens.openSignedOut(driver, desk.home());
        PageAudit.check(driver, "journey-desk-home");
        DeskScreens.signIn(driver, agent);
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("agent-search")));
        PageAudit.check(driver, "journey-desk-agent-search");
        endPhase("3. the agent signs in at the desk");

        startPhase();
        long codeIssued = System.nanoTime();
        driver.switchTo().window(phone);
        String activationCode = choosePostOffice(driver, enrollmentService, mobile);
        endPhase("4. web phone: choice of the post office");

        startPhase();
        driver.switchTo().window(agentDesk);
        confirmAtTheDesk(driver, activationCode);
        endPhase("5. the agent's confirmation at the desk");

        startPhase();
        driver.switchTo().window(phone);
        activate(driver, activationCode);
        endPhase("6. web phone: activation");
        System.out.printf("[journey] activation code used %.1f s after it was issued (lifetime here: %s)%n",
                (System.nanoTime() - codeIssued) / 1e9, EnrollmentService.ACTIVATION_CODE_LIFETIME);

        startPhase();
        driver.switchTo().window(computer);
        String number = startEidas2SignIn(driver, email);
        driver.switchTo().window(phone);
        approveOnTheWebPhone(driver, number);
        driver.switchTo().window(computer);
        assertEquals("Niveau obtenu (acr) : eidas2, pour un niveau demandé eidas2.", claimsPage(driver));
        PageAudit.check(driver, "journey-demo-rp-claims-eidas2");
        endPhase("7. eidas2 sign-in approved in the web phone");

        assertEquals("Méthodes d'authentification (amr) : pin pop mfa", driver.findElement(By.id("amr")).getText());
        String idToken = driver.findElement(By.id("id-token-claims")).getText();
        for (String claim : new String[] {"given_name Camille Louise", "family_name MOREAU", "birthdate 1991-06-23",
                "gender female", "email " + email}) {
            assertTrue(idToken.contains(claim), "the ID token carries the checked identity (" + claim + "):\n" + idToken);
        }
        String userInfo = driver.findElement(By.id("userinfo-claims")).getText();
        for (String claim : new String[] {"birthplace 75107", "birthcountry 99100"}) {
            assertTrue(userInfo.contains(claim), "UserInfo carries the birth claims (" + claim + "):\n" + userInfo);
        }
    }

    /** The demo service's button, "Créer un compte", the e-mailed link, the password: back at the service at eidas1. */
    private void createAccountFromTheDemoService(WebDriver driver, String email) {
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        driver.get(service.home().toString());
        PageAudit.check(driver, "journey-demo-rp-home");
        String button = driver.findElement(By.id("idnum-button")).getText();
        assertTrue(button.endsWith("S'identifier avec l'Identité Numérique"), button);
        driver.findElement(By.id("idnum-button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
        PageAudit.check(driver, "journey-identifier-page");
        driver.findElement(By.linkText("Créer un compte")).click();

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("kc-register-form")));
        PageAudit.check(driver, "journey-account-creation");
        driver.findElement(By.name("email")).sendKeys(email);
        driver.findElement(By.id("termsAccepted")).click();
        driver.findElement(By.cssSelector("#kc-register-form [type=submit]")).click();
        wait.until(d -> d.findElement(By.tagName("body")).getText().contains("Confirmez votre adresse électronique"));
        PageAudit.check(driver, "journey-account-verify-email");

        driver.get(Mailbox.lastTo(mail, email).actionLink());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("password-new"))).sendKeys(PASSWORD);
        driver.findElement(By.name("password-confirm")).sendKeys(PASSWORD);
        PageAudit.check(driver, "journey-account-password");
        driver.findElement(By.cssSelector("[type=submit]")).click();

        assertEquals("Niveau obtenu (acr) : eidas1, pour un niveau demandé eidas1.", claimsPage(driver));
        PageAudit.check(driver, "journey-demo-rp-claims-eidas1");
    }

    /**
     * In the phone's window, a device without the computer's cookies: the app's sign-in with the new account, the
     * identity form, the SMS code; ends on the choice of the identity check.
     */
    private void enrollUpToTheChoiceOfCheck(WebDriver driver, EnrollmentService enrollmentService, String email, String mobile) {
        forgetTheRealmSession(driver);
        WebPhoneScreens.openForgotten(driver, webPhone.home());
        PageAudit.check(driver, "journey-web-phone-welcome");
        WebPhoneScreens.signIn(driver, email, PASSWORD);
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("identity-form")));
        PageAudit.check(driver, "journey-web-phone-identity-form");

        type(driver, "documentNumber", documentNumber());
        setDate(driver, "documentExpiryDate", LocalDate.now().plusYears(5));
        type(driver, "givenNames", "Camille Louise");
        type(driver, "birthName", BIRTH_NAME);
        setDate(driver, "birthDate", LocalDate.of(1991, 6, 23));
        type(driver, "birthPlace", "75107");
        type(driver, "address.line1", "3 place du Panthéon");
        type(driver, "address.postalCode", "75005");
        type(driver, "address.city", "Paris");
        type(driver, "mobilePhone", mobile);
        type(driver, "email", email);
        driver.findElement(By.id("identity-button")).click();

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sms-code")));
        PageAudit.check(driver, "journey-web-phone-sms-code");
        type(driver, "sms-code", readOnTheSmsPage(driver, enrollmentService, Enrollments.e164(mobile)));
        driver.findElement(By.id("sms-button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("mode-form")));
        PageAudit.check(driver, "journey-web-phone-verification-choice");
    }

    /** The post office as the identity check; answers the activation code the SMS brought. */
    private static String choosePostOffice(WebDriver driver, EnrollmentService enrollmentService, String mobile) {
        String to = Enrollments.e164(mobile);
        int textedBefore = enrollmentService.outbox().smsTo(to).size();
        driver.findElement(By.cssSelector("label[for=mode-post-office]")).click();
        driver.findElement(By.id("mode-button")).click();
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("go-activation")));
        String state = driver.findElement(By.id("enrollment-state")).getText();
        assertTrue(state.startsWith("Votre code d'activation vous a été envoyé par SMS. Présentez-le"), state);
        PageAudit.check(driver, "journey-web-phone-awaiting-post-office");
        // Not the phone check's code texted a moment before: the one the choice of the post office sent.
        new WebDriverWait(driver, WAIT).until(d -> enrollmentService.outbox().smsTo(to).size() > textedBefore);
        return enrollmentService.lastSmsTo(to).code();
    }

    /**
     * The citizen of the demo reads their SMS in the browser, in a tab of its own: the outbox page, newest first,
     * passes the same checks as every page, and shows the code the service sent.
     */
    private static String readOnTheSmsPage(WebDriver driver, EnrollmentService enrollmentService, String to) {
        String code = enrollmentService.lastSmsTo(to).code();
        String phone = driver.getWindowHandle();
        driver.switchTo().newWindow(WindowType.TAB);
        driver.get(enrollmentService.url() + "/api/v1/demo/outbox/sms?to=" + java.net.URLEncoder.encode(to, java.nio.charset.StandardCharsets.UTF_8));
        PageAudit.check(driver, "journey-sms-outbox");
        String shown = driver.findElement(By.cssSelector("tbody tr:first-child td.code")).getText();
        driver.close();
        driver.switchTo().window(phone);
        assertEquals(code, shown, "the page shows the newest code first");
        return shown;
    }

    /** The citizen at the counter shows the code and says their birth name; the agent checks the card and confirms. */
    private static void confirmAtTheDesk(WebDriver driver, String activationCode) {
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        DeskScreens.lookUp(driver, activationCode, BIRTH_NAME);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("agent-found")));
        PageAudit.check(driver, "journey-desk-agent-found");
        assertEquals(BIRTH_NAME.toUpperCase(Locale.ROOT),
                driver.findElement(By.cssSelector("dd[data-field=birthName]")).getText().toUpperCase(Locale.ROOT));
        driver.findElement(By.cssSelector("label[for=attest]")).click();
        DeskScreens.submitAndWait(driver, By.id("confirm-button"));
        String outcome = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("outcome"))).getText();
        assertTrue(outcome.startsWith("Identité vérifiée : l'inscription est maintenant « Identité vérifiée »"), outcome);
        PageAudit.check(driver, "journey-desk-agent-confirmed");
    }

    /** The activation code and the citizen's 4-digit code: the web phone makes its key and registers it. */
    private static void activate(WebDriver driver, String activationCode) {
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        driver.findElement(By.id("go-activation")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("activation-code"))).sendKeys(activationCode);
        type(driver, "new-pin", Enrollments.PIN);
        type(driver, "new-pin-again", Enrollments.PIN);
        PageAudit.check(driver, "journey-web-phone-activation");
        driver.findElement(By.id("activate-button")).click();
        try {
            wait.until(ExpectedConditions.textToBe(By.id("status"), "Téléphone activé. Vos demandes de connexion apparaîtront ici."));
        } catch (RuntimeException e) {
            throw new AssertionError("Not activated: " + driver.findElement(By.tagName("body")).getText(), e);
        }
        PageAudit.check(driver, "journey-web-phone-notifications");
    }

    /** On the computer, the next day (no session left at the realm): the service's button at eidas2. Answers the number. */
    private static String startEidas2SignIn(WebDriver driver, String email) {
        forgetTheRealmSession(driver);
        driver.get(service.home().toString());
        driver.findElement(By.cssSelector("label[for=level-eidas2]")).click();
        driver.findElement(By.id("idnum-button")).click();
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username"))).sendKeys(email);
        driver.findElement(By.cssSelector("#kc-form-login [type=submit]")).click();
        String number = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("idnum-push-number"))).getText().trim();
        PageAudit.check(driver, "journey-push-waiting-page");
        return number;
    }

    /** The request the web phone pulled: the number the computer shows, the code on the PIN pad, "Valider". */
    private static void approveOnTheWebPhone(WebDriver driver, String number) {
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#notifications .open-challenge"))).click();
        String who = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("challenge-who"))).getText();
        assertEquals("Mon Compte Formation demande à vous connecter à votre Identité Numérique.", who);
        PageAudit.check(driver, "journey-web-phone-challenge");
        driver.findElement(By.id("challenge-number")).sendKeys(number);
        WebPhoneScreens.tapPin(driver, "challenge-pin", Enrollments.PIN);
        driver.findElement(By.id("approve")).click();
        wait.until(ExpectedConditions.textToBe(By.id("status"), "Connexion validée."));
        PageAudit.check(driver, "journey-web-phone-approved");
    }

    private static String claimsPage(WebDriver driver) {
        try {
            return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("acr"))).getText();
        } catch (RuntimeException e) {
            throw new AssertionError("No claims page at " + driver.getCurrentUrl() + ":\n"
                    + driver.findElement(By.tagName("body")).getText(), e);
        }
    }

    /** A national identity card number of this run: 9 letters and digits. */
    private static String documentNumber() {
        String alphabet = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
        StringBuilder number = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            number.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return number.toString();
    }

    /** The realm's cookies are gone: this window is another device, or a later day. */
    private static void forgetTheRealmSession(WebDriver driver) {
        driver.get(TestEnvironment.ISSUER + "/.well-known/openid-configuration");
        driver.manage().deleteAllCookies();
    }

    /** The browser is shared with other test classes: one window, and no cookie of an earlier test. */
    private WebDriver oneWindowWithoutCookies() {
        WebDriver driver = browser.driver();
        String keep = driver.getWindowHandle();
        for (String handle : driver.getWindowHandles()) {
            if (!handle.equals(keep)) {
                driver.switchTo().window(handle).close();
            }
        }
        driver.switchTo().window(keep);
        forgetTheRealmSession(driver);
        driver.get(service.home().toString());
        driver.manage().deleteAllCookies();
        return driver;
    }

    private void startPhase() {
        phaseStart = System.nanoTime();
    }

    private void endPhase(String phase) {
        System.out.printf("[journey] %-48s %6.1f s%n", phase, (System.nanoTime() - phaseStart) / 1e9);
    }
}
