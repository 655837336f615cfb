package fr.idnum.e2e.device;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.ws.rs.core.Response;

import fr.idnum.e2e.support.Citizens;
import fr.idnum.e2e.support.Enrollments;
import fr.idnum.e2e.support.IdnumRealmConfig;
import fr.idnum.e2e.support.IdnumServerConfig;
import fr.idnum.e2e.support.TestEnvironment;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.injection.LifeCycle;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.UserBuilder;
import org.keycloak.testframework.ui.annotations.InjectWebDriver;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An activated phone as people see it, in a real headless Chromium: the citizen in the account console
 * ("Signing in", French label) and an operator in the admin console (user → Credentials). Screenshots go to
 * {@code e2e/target/screenshots/} as evidence.
 */
@KeycloakIntegrationTest(config = IdnumServerConfig.class)
class DeviceConsolesIT {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String LABEL = "Téléphone de Marie";

    @InjectRealm(config = IdnumRealmConfig.class, lifecycle = LifeCycle.GLOBAL)
    ManagedRealm realm;

    @InjectWebDriver
    ManagedWebDriver browser;

    @Test
    void theCitizenSeesTheirPhoneInTheAccountConsoleInFrench() throws IOException {
        Enrollments.Citizen citizen = Enrollments.verified(realm);
        citizen.phone().activate(citizen.activationCode(), "2580", "fcm", fr.idnum.protocol.Platform.ANDROID, LABEL);

        // The browser here speaks English; the citizen chose French (as most do, and as the realm defaults to).
        UserRepresentation user = realm.admin().users().get(citizen.userId()).toRepresentation();
        user.singleAttribute("locale", "fr");
        realm.admin().users().get(citizen.userId()).update(user);

        WebDriver driver = freshBrowser();
        driver.get(TestEnvironment.ISSUER + "/account/account-security/signing-in");
        signIn(driver, citizen.username(), Citizens.PASSWORD);
        waitForText(driver, "Sécurité du compte");
        // The console lands on its first page after the sign-in; then the citizen opens "Signing in".
        driver.get(TestEnvironment.ISSUER + "/account/account-security/signing-in");

        String text = waitForText(driver, LABEL);
        screenshot(driver, "account-console-signing-in.png");
        assertTrue(text.contains("Téléphone activé (Identité Numérique)"), text);
    }

    @Test
    void anOperatorSeesThePhoneInTheAdminConsole() throws IOException {
        Enrollments.Citizen citizen = Enrollments.verified(realm);
        citizen.phone().activate(citizen.activationCode(), "2580", "fcm", fr.idnum.protocol.Platform.ANDROID, LABEL);
        String operator = operator();

        WebDriver driver = freshBrowser();
        driver.get(TestEnvironment.KEYCLOAK + "/admin/" + TestEnvironment.REALM + "/console/#/" + TestEnvironment.REALM
                + "/users/" + citizen.userId() + "/credentials");
        signIn(driver, operator, Citizens.PASSWORD);

        String text = waitForText(driver, LABEL);
        screenshot(driver, "admin-console-user-credentials.png");
        assertTrue(text.toLowerCase(java.util.Locale.ROOT).contains("idnum-device"), text);
    }

    /** An operator of the realm who may view users and their credentials, nothing more. */
    private String operator() {
        // The e-mail is the username (registrationEmailAsUsername).
        String username = "operator-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@example.fr";
        UserRepresentation user = UserBuilder.create(username).email(username).enabled(true)
                .password(Citizens.PASSWORD).build();
        user.setEmailVerified(true);
        try (Response response = realm.admin().users().create(user)) {
            assertTrue(response.getStatus() == 201, "operator creation: HTTP " + response.getStatus());
        }
        String id = realm.admin().users().search(username, true).get(0).getId();
        String realmManagement = realm.admin().clients().findByClientId("realm-management").get(0).getId();
        List<RoleRepresentation> roles = List.of(
                realm.admin().clients().get(realmManagement).roles().get("view-users").toRepresentation(),
                realm.admin().clients().get(realmManagement).roles().get("query-users").toRepresentation());
        realm.admin().users().get(id).roles().clientLevel(realmManagement).add(roles);
        return username;
    }

    /** The browser is shared by the tests: forget whoever signed in before. */
    private WebDriver freshBrowser() {
        WebDriver driver = browser.driver();
        driver.get(TestEnvironment.ISSUER + "/.well-known/openid-configuration");
        driver.manage().deleteAllCookies();
        return driver;
    }

    /** Our login pages: the identifier first, then the password. */
    private static void signIn(WebDriver driver, String username, String password) {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        try {
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
        } catch (RuntimeException e) {
            throw new AssertionError("No sign-in page at " + driver.getCurrentUrl() + ": " + driver.findElement(By.tagName("body")).getText()
                    + "\n" + requests(driver), e);
        }
        driver.findElement(By.name("username")).sendKeys(username);
        driver.findElement(By.cssSelector("#kc-form-login [type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("password"))).sendKeys(password);
        driver.findElement(By.cssSelector("#kc-form-login [type=submit]")).click();
    }

    private static String waitForText(WebDriver driver, String expected) {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        wait.ignoring(StaleElementReferenceException.class);
        try {
            wait.until(d -> d.findElement(By.tagName("body")).getText().contains(expected));
        } catch (RuntimeException e) {
            try {
                screenshot(driver, "failed-" + System.nanoTime() + ".png");
            } catch (IOException ignored) {
                // The assertion below says what went wrong.
            }
            throw new AssertionError("'" + expected + "' never shown at " + driver.getCurrentUrl() + ":\n"
                    + driver.findElement(By.tagName("body")).getText() + "\n" + requests(driver), e);
        }
        return driver.findElement(By.tagName("body")).getText();
    }

    /** What the page fetched and how it was answered, to tell why a console could not load. */
    private static Object requests(WebDriver driver) {
        return "requests: " + ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "return performance.getEntriesByType('resource').map(e => e.responseStatus + ' ' + e.name).join('\\n')");
    }

    private static void screenshot(WebDriver driver, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }
}
