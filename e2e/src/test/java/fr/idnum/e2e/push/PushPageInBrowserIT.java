package fr.idnum.e2e.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import fr.idnum.e2e.support.Enrollments;
import fr.idnum.e2e.support.IdnumRealmConfig;
import fr.idnum.e2e.support.IdnumServerConfig;
import fr.idnum.e2e.support.PageAudit;
import fr.idnum.e2e.support.RelyingParty;
import fr.idnum.e2e.support.TestEnvironment;
import fr.idnum.protocol.Challenges;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.UserRepresentation;
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
 * The waiting page in a real headless Chromium, with its script: once the phone approves, the page finds out
 * by itself and the browser lands at the relying party with a code; nobody presses anything.
 */
@KeycloakIntegrationTest(config = IdnumServerConfig.class)
class PushPageInBrowserIT {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @InjectRealm(config = IdnumRealmConfig.class, lifecycle = LifeCycle.GLOBAL)
    ManagedRealm realm;

    @InjectWebDriver
    ManagedWebDriver browser;

    @Test
    void thePageFollowsTheApprovalOnItsOwn() throws IOException {
        Enrollments.Citizen citizen = Enrollments.activated(realm);
        UserRepresentation user = realm.admin().users().get(citizen.userId()).toRepresentation();
        user.singleAttribute("locale", "fr");
        realm.admin().users().get(citizen.userId()).update(user);
        WebDriver driver = browser.driver();
        driver.get(TestEnvironment.ISSUER + "/.well-known/openid-configuration");
        driver.manage().deleteAllCookies();

        RelyingParty.AuthorizationAttempt attempt = RelyingParty.monCompteFormation().authorize("openid").acrValues("eidas2");
        driver.get(attempt.uri().toString());
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username"))).sendKeys(citizen.username());
        driver.findElement(By.cssSelector("#kc-form-login [type=submit]")).click();
        String number = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("idnum-push-number"))).getText().trim();
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve("push-waiting-page.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        assertTrue(driver.findElement(By.tagName("body")).getText().contains("Validez la connexion sur votre téléphone"));
        PageAudit.check(driver, "push-waiting-page");

        Challenges.Challenge challenge = citizen.phone().awaitChallenge(Duration.ofSeconds(10));
        citizen.phone().approve(challenge, Enrollments.PIN, Integer.parseInt(number));

        wait.until(d -> d.getCurrentUrl().startsWith(TestEnvironment.MCF_REDIRECT_URI));
        String landed = driver.getCurrentUrl();
        assertTrue(landed.contains("code="), landed);
        assertTrue(landed.contains("state=" + attempt.state.getValue()), landed);
        assertEquals(-1, landed.indexOf("error="), landed);
    }
}
