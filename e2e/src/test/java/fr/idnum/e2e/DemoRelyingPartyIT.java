package fr.idnum.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import fr.idnum.demorp.DemoRelyingParty;
import fr.idnum.demorp.Settings;
import fr.idnum.e2e.support.Citizens;
import fr.idnum.e2e.support.Enrollments;
import fr.idnum.e2e.support.IdnumRealmConfig;
import fr.idnum.e2e.support.IdnumServerConfig;
import fr.idnum.e2e.support.PageAudit;
import fr.idnum.e2e.support.TestEnvironment;
import fr.idnum.protocol.Challenges;
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
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo service "Mon Compte Formation (démo)" in a real headless Chromium, as a citizen uses it: its button,
 * our login pages, back to its claims page with the level reached, then its logout. The service runs in-process
 * on the test realm's redirect URI with the client secret of this run; it talks to the test Keycloak only over
 * HTTP, as in production.
 */
@KeycloakIntegrationTest(config = IdnumServerConfig.class)
class DemoRelyingPartyIT {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static DemoRelyingParty service;

    @InjectRealm(config = IdnumRealmConfig.class, lifecycle = LifeCycle.GLOBAL)
    ManagedRealm realm;

    @InjectWebDriver
    ManagedWebDriver browser;

    @BeforeAll
    static void startTheService() throws IOException {
        service = DemoRelyingParty.start(new Settings(URI.create(TestEnvironment.ISSUER), TestEnvironment.MCF_CLIENT_ID,
                TestEnvironment.MCF_SECRET, URI.create(TestEnvironment.MCF_REDIRECT_URI),
                URI.create(TestEnvironment.MCF_POST_LOGOUT_URI)));
    }

    @AfterAll
    static void stopTheService() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aCitizenSignsInAtEidas1ThenSignsOut() throws IOException {
        String username = Citizens.bornInFrance(realm);
        WebDriver driver = freshBrowser();
        driver.get(service.home().toString());
        screenshot(driver, "demo-rp-home.png");
        PageAudit.check(driver, "demo-rp-home");
        assertEquals("fr", driver.findElement(By.tagName("html")).getAttribute("lang"));
        String button = driver.findElement(By.id("idnum-button")).getText();
        assertTrue(button.endsWith("S'identifier avec l'Identité Numérique"), button);

        driver.findElement(By.cssSelector("label[for=level-eidas1]")).click();
        driver.findElement(By.id("idnum-button")).click();
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
        PageAudit.check(driver, "identifier-page");
        driver.findElement(By.name("username")).sendKeys(username);
        driver.findElement(By.cssSelector("#kc-form-login [type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("password")));
        PageAudit.check(driver, "password-page");
        driver.findElement(By.name("password")).sendKeys(Citizens.PASSWORD);
        driver.findElement(By.cssSelector("#kc-form-login [type=submit]")).click();

        String acr = claimsPage(driver, wait);
        screenshot(driver, "demo-rp-signed-in-eidas1.png");
        PageAudit.check(driver, "demo-rp-claims");
        assertEquals("Niveau obtenu (acr) : eidas1, pour un niveau demandé eidas1.", acr);
        assertEquals("Méthodes d'authentification (amr) : pwd", driver.findElement(By.id("amr")).getText());
        String idToken = driver.findElement(By.id("id-token-claims")).getText();
        assertTrue(idToken.contains("nonce") && idToken.contains("99100"), idToken);
        String userInfo = driver.findElement(By.id("userinfo-claims")).getText();
        assertTrue(userInfo.contains("birthcountry 99100"), userInfo);

        driver.findElement(By.id("logout")).click();
        String status = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[role=status]"))).getText();
        assertEquals("Vous êtes déconnecté(e) du service et de l'Identité Numérique.", status);
        assertTrue(driver.getCurrentUrl().startsWith(TestEnvironment.MCF_POST_LOGOUT_URI), driver.getCurrentUrl());
        screenshot(driver, "demo-rp-signed-out.png");
        PageAudit.check(driver, "demo-rp-signed-out");

        // The realm's session ended too: the button leads to the identifier page again, not straight back.
        driver.findElement(By.id("idnum-button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
    }

    @Test
    void aCitizenSignsInAtEidas2WithTheirPhone() throws IOException {
        Enrollments.Citizen citizen = Enrollments.activated(realm);
        WebDriver driver = freshBrowser();
        driver.get(service.home().toString());
        driver.findElement(By.cssSelector("label[for=level-eidas2]")).click();
        driver.findElement(By.id("idnum-button")).click();
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username"))).sendKeys(citizen.username());
        driver.findElement(By.cssSelector("#kc-form-login [type=submit]")).click();
        String number = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("idnum-push-number"))).getText().trim();
        PageAudit.check(driver, "push-waiting-page-demo");

        Challenges.Challenge challenge = citizen.phone().awaitChallenge(Duration.ofSeconds(10));
        citizen.phone().approve(challenge, Enrollments.PIN, Integer.parseInt(number));

        String acr = claimsPage(driver, wait);
        screenshot(driver, "demo-rp-signed-in-eidas2.png");
        assertEquals("Niveau obtenu (acr) : eidas2, pour un niveau demandé eidas2.", acr);
        assertEquals("Méthodes d'authentification (amr) : pin pop mfa", driver.findElement(By.id("amr")).getText());
    }

    /** Waits for the service's claims page and answers its level line. */
    private static String claimsPage(WebDriver driver, WebDriverWait wait) {
        try {
            return wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("acr"))).getText();
        } catch (RuntimeException e) {
            throw new AssertionError("No claims page at " + driver.getCurrentUrl() + ":\n"
                    + driver.findElement(By.tagName("body")).getText(), e);
        }
    }

    /** The browser is shared by the tests: forget whoever signed in to the realm before. */
    private WebDriver freshBrowser() {
        WebDriver driver = browser.driver();
        driver.get(TestEnvironment.ISSUER + "/.well-known/openid-configuration");
        driver.manage().deleteAllCookies();
        return driver;
    }

    private static void screenshot(WebDriver driver, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }
}
