package fr.idnum.e2e.webphone;

import static fr.idnum.e2e.support.DemoServiceScreens.awaitPageTitle;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import fr.idnum.demorp.DemoRelyingParty;
import fr.idnum.demorp.Settings;
import fr.idnum.e2e.support.DemoServiceScreens;
import fr.idnum.e2e.support.EnrollmentOutbox;
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
import org.keycloak.representations.idm.CredentialRepresentation;
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
 * The journey's failure pages (issue 12), in one headless Chromium, answered in the web phone: a denial, « Ce n'était
 * pas moi », a wrong number, and the lock after three wrong codes. Each test starts from a citizen whose identity was
 * verified (set up through the APIs, as {@code WebPhoneIT} does) and activates the web phone in the browser; the
 * failure itself is the page's script answering the device API and the realm's waiting page turning into its
 * outcome. The browser's page is checked in French (texts of the theme resources, {@code idnum-push.ftl}), the web
 * phone's screen too; every page passes the axe check (screenshots {@code failure-*}).
 */
@KeycloakIntegrationTest(config = IdnumServerConfig.class)
class JourneyFailuresIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String WRONG_PIN = "1397";

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
    void aDenialInTheWebPhoneEndsOnTheRefusedPageWhichOffersANewRequest() {
        Enrollments.Citizen citizen = Enrollments.verified(realm);
        WebDriver driver = freshBrowser();
        String phone = WebPhoneScreens.activate(driver, webPhone.home(), realm, citizen);
        DemoServiceScreens.waitingPageInNewWindow(driver, service.home(), citizen.username());
        String computer = driver.getWindowHandle();

        driver.switchTo().window(phone);
        WebPhoneScreens.openNewestRequest(driver);
        driver.findElement(By.id("deny")).click();
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.until(ExpectedConditions.textToBe(By.id("status"), "Connexion refusée."));
        assertEquals("Connexion refusée.", driver.findElement(By.cssSelector("#notifications li")).getText());
        PageAudit.check(driver, "failure-web-phone-denied");

        driver.switchTo().window(computer);
        awaitPageTitle(driver, "Connexion refusée sur votre téléphone");
        assertOutcome(driver, "denied", "Vous avez refusé cette connexion sur votre téléphone. Si vous n’êtes pas à "
                + "l’origine de cette demande, signalez-le : quelqu’un connaît peut-être votre identifiant.");
        assertEquals(List.of("Ce n’était pas moi : signaler", "Nouvelle demande", "Retour au service"), buttons(driver));
        PageAudit.check(driver, "failure-denied-page");

        // « Nouvelle demande »: a new request, with its own number, reaches the phone; the refused one stays refused.
        driver.findElement(By.id("idnum-push-retry")).click();
        DemoServiceScreens.waitingPageNumber(driver);
        driver.switchTo().window(phone);
        wait.until(d -> d.findElements(By.cssSelector("#notifications li")).size() == 2);
        assertEquals(1, driver.findElements(By.cssSelector("#notifications .open-challenge")).size());
    }

    @Test
    void notMeInTheWebPhoneBlocksThisAndEveryLaterSignInTellsTheCitizenAndOnlyTheirCodeLiftsIt() throws InterruptedException {
        Enrollments.Citizen citizen = Enrollments.verified(realm);
        WebDriver driver = freshBrowser();
        String phone = WebPhoneScreens.activate(driver, webPhone.home(), realm, citizen);
        DemoServiceScreens.waitingPageInNewWindow(driver, service.home(), citizen.username());
        String computer = driver.getWindowHandle();

        driver.switchTo().window(phone);
        WebPhoneScreens.openNewestRequest(driver);
        driver.findElement(By.id("not-me")).click();
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        String reported = "Signalement enregistré : toutes les connexions à votre Identité Numérique sont bloquées "
                + "jusqu'à ce que vous les débloquiez avec votre code secret.";
        wait.until(ExpectedConditions.textToBe(By.id("status"), reported));
        PageAudit.check(driver, "failure-web-phone-not-me");

        // The waiting page learns the refusal, and the lock the report set is what it shows (not a plain denial).
        driver.switchTo().window(computer);
        String lockedTitle = "Connexions bloquées à votre demande";
        String lockedText = "Vous avez signalé une demande de connexion qui n’était pas de vous : toutes les connexions "
                + "à votre Identité Numérique sont bloquées. Pour les débloquer, ouvrez l’application et saisissez votre "
                + "code secret, ou contactez le service client d’Identité Numérique.";
        awaitPageTitle(driver, lockedTitle);
        assertOutcome(driver, "sign-in-locked", lockedText);
        assertEquals(List.of("Retour au service"), buttons(driver));
        PageAudit.check(driver, "failure-not-me-page");
        assertTrue(awaitMail(citizen, "Identité Numérique : Connexions bloquées à votre demande"), "the citizen is told by e-mail");

        // Whoever tries next gets the same page at once, and nothing reaches the phone.
        DemoServiceScreens.startEidas2InNewWindow(driver, service.home(), citizen.username());
        awaitPageTitle(driver, lockedTitle);
        assertOutcome(driver, "sign-in-locked", lockedText);
        driver.switchTo().window(phone);
        awaitNextPoll(driver);
        assertEquals(1, driver.findElements(By.cssSelector("#notifications li")).size(), "no new request on the phone");

        // A wrong code does not lift it; the citizen's code does, from the phone.
        driver.findElement(By.id("open-unlock")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("unlock-pin"))).sendKeys(WRONG_PIN);
        driver.findElement(By.id("unlock-button")).click();
        assertEquals("Code secret incorrect. Il vous reste 2 essai(s).",
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("alert"))).getText());
        driver.findElement(By.id("unlock-pin")).sendKeys(Enrollments.PIN);
        driver.findElement(By.id("unlock-button")).click();
        wait.until(ExpectedConditions.textToBe(By.id("status"), "Vos connexions sont à nouveau possibles."));
        DemoServiceScreens.waitingPageInNewWindow(driver, service.home(), citizen.username());
    }

    @Test
    void aWrongNumberTypedInTheWebPhoneRefusesTheSignIn() {
        Enrollments.Citizen citizen = Enrollments.verified(realm);
        WebDriver driver = freshBrowser();
        String phone = WebPhoneScreens.activate(driver, webPhone.home(), realm, citizen);
        int shown = Integer.parseInt(DemoServiceScreens.waitingPageInNewWindow(driver, service.home(), citizen.username()));
        String computer = driver.getWindowHandle();

        driver.switchTo().window(phone);
        WebPhoneScreens.openNewestRequest(driver);
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        // Not two digits: the page asks again before sending anything.
        driver.findElement(By.id("challenge-number")).sendKeys("7");
        WebPhoneScreens.tapPin(driver, "challenge-pin", Enrollments.PIN);
        driver.findElement(By.id("approve")).click();
        assertEquals("Saisissez le nombre à deux chiffres affiché sur votre écran de connexion.",
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("alert"))).getText());
        PageAudit.check(driver, "failure-web-phone-number-required");

        driver.findElement(By.id("challenge-number")).clear();
        driver.findElement(By.id("challenge-number")).sendKeys(String.valueOf(shown == 99 ? 10 : shown + 1));
        driver.findElement(By.id("approve")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("view-phone")));
        assertEquals("Le nombre saisi ne correspond pas. La connexion est refusée : recommencez depuis le service.",
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("alert"))).getText());
        assertEquals("Demande terminée.", driver.findElement(By.cssSelector("#notifications li")).getText());
        PageAudit.check(driver, "failure-web-phone-wrong-number");

        driver.switchTo().window(computer);
        awaitPageTitle(driver, "Mauvais nombre saisi");
        assertOutcome(driver, "wrong-number",
                "Le nombre saisi sur votre téléphone n’est pas celui qui était affiché ici : la connexion est refusée.");
        assertEquals(List.of("Nouvelle demande", "Retour au service"), buttons(driver));
        PageAudit.check(driver, "failure-wrong-number-page");
        // The code was never checked: the phone keeps all its tries.
        assertEquals(0, pinFailures(citizen));
    }

    @Test
    void threeWrongCodesInTheWebPhoneLockItAndNothingUnlocksItButANewActivation() throws InterruptedException {
        Enrollments.Citizen citizen = Enrollments.verified(realm);
        WebDriver driver = freshBrowser();
        String phone = WebPhoneScreens.activate(driver, webPhone.home(), realm, citizen);
        String number = DemoServiceScreens.waitingPageInNewWindow(driver, service.home(), citizen.username());
        String computer = driver.getWindowHandle();

        driver.switchTo().window(phone);
        WebPhoneScreens.openNewestRequest(driver);
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        driver.findElement(By.id("challenge-number")).sendKeys(number);
        for (String expected : new String[] {"Code secret incorrect. Il vous reste 2 essai(s).",
                "Code secret incorrect. Il vous reste 1 essai(s). Attention : un nouveau code erroné bloquera ce téléphone."}) {
            WebPhoneScreens.tapPin(driver, "challenge-pin", WRONG_PIN);
            driver.findElement(By.id("approve")).click();
            wait.until(ExpectedConditions.textToBe(By.id("alert"), expected));
            // The request stays open for another try.
            assertTrue(driver.findElement(By.id("view-challenge")).isDisplayed());
        }
        PageAudit.check(driver, "failure-web-phone-last-try");
        WebPhoneScreens.tapPin(driver, "challenge-pin", WRONG_PIN);
        driver.findElement(By.id("approve")).click();
        String locked = "Trop de codes erronés : ce téléphone est bloqué. Contactez l'assistance pour recevoir un "
                + "nouveau code d'activation.";
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("view-phone")));
        wait.until(ExpectedConditions.textToBe(By.id("alert"), locked));
        PageAudit.check(driver, "failure-web-phone-locked");

        driver.switchTo().window(computer);
        awaitPageTitle(driver, "Téléphone bloqué");
        assertOutcome(driver, "locked", "Trop de codes secrets erronés ont été saisis : votre téléphone est bloqué. "
                + "Pour vous connecter à nouveau, demandez un nouveau code d’activation et réactivez l’application.");
        assertEquals(List.of("Retour au service"), buttons(driver));
        PageAudit.check(driver, "failure-locked-page");
        assertTrue(awaitMail(citizen, "Identité Numérique : Votre téléphone est bloqué"), "the citizen is told by e-mail");

        // The lock holds: the right code unlocks nothing, changes nothing, and a reloaded page is still locked.
        driver.switchTo().window(phone);
        driver.findElement(By.id("open-unlock")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("unlock-pin"))).sendKeys(Enrollments.PIN);
        driver.findElement(By.id("unlock-button")).click();
        awaitAnswer(driver, "unlock-pin");
        assertEquals(locked, driver.findElement(By.id("alert")).getText());
        driver.findElement(By.id("settings-back")).click();
        driver.findElement(By.id("open-pin-change")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("old-pin"))).sendKeys(Enrollments.PIN);
        driver.findElement(By.id("changed-pin")).sendKeys("4702");
        driver.findElement(By.id("changed-pin-again")).sendKeys("4702");
        driver.findElement(By.id("pin-change-button")).click();
        awaitAnswer(driver, "old-pin");
        assertEquals(locked, driver.findElement(By.id("alert")).getText());
        assertEquals("", driver.findElement(By.id("status")).getText());
        driver.navigate().refresh();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("view-phone")));
        wait.until(ExpectedConditions.textToBe(By.id("alert"), locked));
        awaitNextPoll(driver);
        assertEquals(locked, driver.findElement(By.id("alert")).getText());
        assertTrue(credentialData(citizen).contains("\"status\":\"LOCKED\""), credentialData(citizen));

        // A new sign-in finds no phone that can answer: the page says so, and nothing reaches the locked phone.
        DemoServiceScreens.startEidas2InNewWindow(driver, service.home(), citizen.username());
        awaitPageTitle(driver, "Aucun téléphone activé");
        PageAudit.check(driver, "failure-locked-next-sign-in");
        driver.switchTo().window(phone);
        awaitNextPoll(driver);
        assertTrue(driver.findElements(By.cssSelector("#notifications .open-challenge")).isEmpty());
        assertFalse(credentialData(citizen).contains("\"status\":\"ACTIVE\""), credentialData(citizen));
    }

    private static void assertOutcome(WebDriver driver, String state, String text) {
        assertEquals("fr", driver.findElement(By.tagName("html")).getAttribute("lang"));
        var outcome = driver.findElement(By.id("idnum-push-outcome"));
        assertEquals(state, outcome.getAttribute("data-state"));
        assertEquals(text, outcome.getText());
        assertTrue(driver.findElements(By.id("acr")).isEmpty(), "no sign-in reached the service");
    }

    private static List<String> buttons(WebDriver driver) {
        return driver.findElements(By.cssSelector("#idnum-push-form button")).stream().map(b -> b.getText().trim()).toList();
    }

    /** Waits until a settings form's call came back: the page empties its code field when the answer arrives. */
    private static void awaitAnswer(WebDriver driver, String codeField) {
        new WebDriverWait(driver, WAIT).until(d -> d.findElement(By.id(codeField)).getAttribute("value").isEmpty());
    }

    /** Waits until the web phone has asked the realm once more than when called (it asks every 3 s). */
    private static void awaitNextPoll(WebDriver driver) {
        String before = driver.findElement(By.id("polling-state")).getText();
        new WebDriverWait(driver, WAIT).until(d -> {
            String now = d.findElement(By.id("polling-state")).getText();
            return !now.isEmpty() && !now.equals(before);
        });
    }

    private static boolean awaitMail(Enrollments.Citizen citizen, String subject) throws InterruptedException {
        EnrollmentOutbox outbox = EnrollmentService.get().outbox();
        for (int i = 0; i < 50; i++) {
            if (outbox.mailTo(citizen.identity().email()).stream().anyMatch(m -> m.subject().contains(subject))) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private String credentialData(Enrollments.Citizen citizen) {
        return realm.admin().users().get(citizen.userId()).credentials().stream()
                .filter(c -> DeviceCredential.TYPE.equals(c.getType())).map(CredentialRepresentation::getCredentialData)
                .findFirst().orElseThrow(() -> new AssertionError("the web phone's credential is gone"));
    }

    private int pinFailures(Enrollments.Citizen citizen) {
        var matcher = java.util.regex.Pattern.compile("\"pinFailures\":([0-9]+)").matcher(credentialData(citizen));
        if (!matcher.find()) {
            throw new AssertionError("no pinFailures in " + credentialData(citizen));
        }
        return Integer.parseInt(matcher.group(1));
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
