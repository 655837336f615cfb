package fr.idnum.e2e;

import static fr.idnum.e2e.support.DeskScreens.lookUp;
import static fr.idnum.e2e.support.DeskScreens.submitAndWait;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.nimbusds.jose.util.JSONObjectUtils;
import fr.idnum.desk.Desk;
import fr.idnum.desk.DeskSettings;
import fr.idnum.e2e.support.Agent;
import fr.idnum.e2e.support.DeskScreens;
import fr.idnum.e2e.support.Enrollments;
import fr.idnum.e2e.support.IdnumRealmConfig;
import fr.idnum.e2e.support.IdnumServerConfig;
import fr.idnum.e2e.support.TestEnvironment;
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
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The agents' desk in a real headless Chromium, as staff use it: sign-in at eidas2 through the back-office client
 * (their own phone approves), the post-office agent's check of an enrollment found by activation code and birth
 * name (confirmed, or refused with a reason), the operator's four actions and a refusal said in French, and a POST without the
 * page's CSRF token refused. The desk runs in-process on the back-office client's test redirect URI and talks to
 * the test Keycloak and enrollment service over HTTP only; the enrollment service's own admin API says what
 * changed.
 */
@KeycloakIntegrationTest(config = IdnumServerConfig.class)
class DeskIT {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static Desk desk;
    private static Agent auditor;
    private static java.time.Instant auditorSince;

    @InjectRealm(config = IdnumRealmConfig.class, lifecycle = LifeCycle.GLOBAL)
    ManagedRealm realm;

    @InjectWebDriver
    ManagedWebDriver browser;

    @BeforeAll
    static void startTheDesk() throws IOException {
        desk = Desk.start(new DeskSettings(URI.create(TestEnvironment.ISSUER), TestEnvironment.BACKOFFICE_CLIENT_ID,
                URI.create(TestEnvironment.BACKOFFICE_REDIRECT_URI), URI.create(TestEnvironment.ENROLLMENT_URL),
                Duration.ofMinutes(15)));
    }

    @AfterAll
    static void stopTheDesk() {
        if (desk != null) {
            desk.close();
        }
    }

    @Test
    void anAgentConfirmsAnIdentityCheckedInPersonThenSignsOut() throws Exception {
        Enrollments.Citizen citizen = Enrollments.awaitingPostOffice(realm);
        WebDriver driver = signIn(Agent.enrolledStaff(realm, "identity-verifier"));
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("agent-search")));
        assertEquals("fr", driver.findElement(By.tagName("html")).getAttribute("lang"));

        lookUp(driver, citizen.activationCode(), "Dupont");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("agent-found")));
        screenshot(driver, "desk-agent-found.png");
        assertEquals(citizen.identity().documentNumber(), field(driver, "documentNumber"));
        assertEquals("Carte nationale d'identité", field(driver, "documentType"));
        assertEquals("DUPONT", field(driver, "birthName").toUpperCase());
        assertEquals("1985-04-12", field(driver, "birthDate"));
        assertTrue(!driver.getPageSource().contains(citizen.activationCode()), "the code typed is not written back into the page");

        driver.findElement(By.cssSelector("label[for=attest]")).click();
        submitAndWait(driver, By.id("confirm-button"));
        String outcome = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("outcome"))).getText();
        screenshot(driver, "desk-agent-confirmed.png");
        assertTrue(outcome.startsWith("Identité vérifiée : l'inscription est maintenant « Identité vérifiée »"), outcome);
        assertEquals("VERIFIED", stateOf(citizen.enrollmentId()));
        // What the confirmation is for: the code the citizen showed now activates their phone.
        citizen.phone().activate(citizen.activationCode(), Enrollments.PIN);
        assertEquals("ACTIVE", stateOf(citizen.enrollmentId()));

        driver.findElement(By.id("logout")).click();
        String status = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("home-status"))).getText();
        assertEquals("Vous êtes déconnecté(e) du guichet et de l'Identité Numérique.", status);
        driver.get(desk.home().resolve("/guichet").toString());
        assertNotNull(driver.findElement(By.id("sign-in")), "signed out: the agent's page asks for a sign-in again");
    }

    @Test
    void anAgentRefusesACheckWithAReason() throws Exception {
        Enrollments.Citizen citizen = Enrollments.awaitingPostOffice(realm);
        WebDriver driver = signIn(Agent.enrolledStaff(realm, "identity-verifier"));
        WebDriverWait wait = new WebDriverWait(driver, WAIT);

        // A name nobody has: a failure on DUPONT would count towards that birth name's lock for the other tests.
        lookUp(driver, citizen.activationCode(), "Inconnu" + java.util.UUID.randomUUID().toString().replaceAll("[^a-f]", ""));
        String none = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("agent-none"))).getText();
        assertTrue(none.startsWith("Aucune inscription en attente de vérification"), none);

        lookUp(driver, citizen.activationCode(), "dupont");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("agent-found")));
        driver.findElement(By.cssSelector("label[for=why-mismatch]")).click();
        driver.findElement(By.id("reject-reason")).sendKeys("Photo de la carte différente de la personne présente");
        submitAndWait(driver, By.id("reject-button"));
        String outcome = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("outcome"))).getText();
        screenshot(driver, "desk-agent-refused.png");
        assertTrue(outcome.startsWith("Vérification refusée : l'inscription est maintenant « Refusée »"), outcome);
        assertEquals("REJECTED", stateOf(citizen.enrollmentId()));
        String trail = auditor().auditTrail(citizen.enrollmentId()).body();
        assertTrue(trail.contains("Photo de la carte différente de la personne présente"), "the reason is in the trail: " + trail);
    }

    @Test
    void anOperatorSuspendsReinstatesRequiresReactivationAndRevokes() throws Exception {
        Enrollments.Citizen citizen = Enrollments.activated(realm);
        WebDriver driver = signIn(Agent.enrolledStaff(realm, "enrollment-admin"));
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("operator-search")));

        driver.findElement(By.id("mobilePhone")).sendKeys(citizen.identity().mobilePhone());
        submitAndWait(driver, By.id("operator-search-button"));
        assertEquals("ACTIVE", shownState(wait, citizen.enrollmentId()));

        act(driver, citizen.enrollmentId(), "suspend", "Ticket 4242 : fraude suspectée");
        String outcome = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("outcome"))).getText();
        screenshot(driver, "desk-operator-suspended.png");
        assertEquals("Action effectuée : l'inscription " + citizen.enrollmentId() + " est maintenant « Suspendue ».", outcome);
        assertEquals("SUSPENDED", shownState(wait, citizen.enrollmentId()));
        assertEquals("SUSPENDED", stateOf(citizen.enrollmentId()));

        act(driver, citizen.enrollmentId(), "reinstate", "Ticket 4242 : levée après contrôle");
        outcome = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("outcome"))).getText();
        assertTrue(outcome.endsWith("est maintenant « Active »."), outcome);
        assertEquals("ACTIVE", stateOf(citizen.enrollmentId()));

        // Not suspended any more: the service's 409 problem, said in French with its reference.
        act(driver, citizen.enrollmentId(), "reinstate", "Ticket 4242 : deuxième clic");
        String problem = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("problem"))).getText();
        screenshot(driver, "desk-operator-refused.png");
        assertTrue(problem.contains("Cette action n'est pas possible dans l'état actuel de l'inscription"), problem);
        assertTrue(problem.contains("Référence technique : illegal-transition (HTTP 409)"), problem);
        assertEquals("ACTIVE", stateOf(citizen.enrollmentId()));

        // Lost phone: back to VERIFIED, a new code by post (the service answers 202 with the new state).
        act(driver, citizen.enrollmentId(), "require-reactivation", "Ticket 4243 : téléphone perdu");
        outcome = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("outcome"))).getText();
        assertEquals("Action effectuée : l'inscription " + citizen.enrollmentId() + " est maintenant « Identité vérifiée »."
                + " Un nouveau code d'activation part par courrier à l'adresse vérifiée.", outcome);
        assertEquals("VERIFIED", stateOf(citizen.enrollmentId()));

        act(driver, citizen.enrollmentId(), "revoke", "Ticket 4244 : usurpation confirmée");
        outcome = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("outcome"))).getText();
        assertTrue(outcome.endsWith("est maintenant « Révoquée »."), outcome);
        assertEquals("REVOKED", shownState(wait, citizen.enrollmentId()));
        assertEquals("REVOKED", stateOf(citizen.enrollmentId()));
    }

    @Test
    void aPostWithoutThePagesCsrfTokenChangesNothing() throws Exception {
        Enrollments.Citizen citizen = Enrollments.activated(realm);
        WebDriver driver = signIn(Agent.enrolledStaff(realm, "enrollment-admin"));
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("operator-search")));
        Cookie session = driver.manage().getCookieNamed("desk_session");
        assertNotNull(session, "the desk's session cookie");
        assertTrue(session.isHttpOnly(), "HttpOnly");
        assertEquals("Strict", session.getSameSite());

        HttpClient http = HttpClient.newHttpClient();
        URI action = desk.home().resolve("/operateur/action");
        String body = "enrollment=" + citizen.enrollmentId() + "&action=suspend&reason=forged";
        for (String forged : List.of(body, body + "&csrf=not-the-token")) {
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(action)
                    .header("Cookie", "desk_session=" + session.getValue())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(forged)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("Requête refusée"), refused.body());
        }
        assertEquals("ACTIVE", stateOf(citizen.enrollmentId()), "nothing was suspended");

        HttpResponse<String> home = http.send(HttpRequest.newBuilder(desk.home()).GET().build(), HttpResponse.BodyHandlers.ofString());
        String policy = home.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy.startsWith("default-src 'none'") && policy.contains("frame-ancestors 'none'"), policy);
        String cookie = home.headers().firstValue("Set-Cookie").orElse("");
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
    }

    /** Signs {@code staff} in to the desk in a browser that forgot every earlier session, approving on their phone. */
    private WebDriver signIn(Enrollments.Citizen staff) throws IOException {
        WebDriver driver = browser.driver();
        DeskScreens.openSignedOut(driver, desk.home());
        screenshot(driver, "desk-home.png");
        DeskScreens.signIn(driver, staff);
        return driver;
    }

    private static String field(WebDriver driver, String name) {
        return driver.findElement(By.cssSelector("dd[data-field=" + name + "]")).getText();
    }

    private static void act(WebDriver driver, String enrollmentId, String action, String reason) {
        new Select(driver.findElement(By.id("action-" + enrollmentId + "-select"))).selectByValue(action);
        driver.findElement(By.id("action-" + enrollmentId + "-reason")).sendKeys(reason);
        submitAndWait(driver, By.id("action-" + enrollmentId + "-apply"));
    }

    private static String shownState(WebDriverWait wait, String enrollmentId) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-enrollment='" + enrollmentId
                + "'] td.state"))).getAttribute("data-state");
    }

    /** The enrollment's state as the enrollment service holds it, read through its admin API. */
    private String stateOf(String enrollmentId) throws Exception {
        HttpResponse<String> read = auditor().enrollment(enrollmentId);
        assertEquals(200, read.statusCode(), read.body());
        return (String) JSONObjectUtils.parse(read.body()).get("state");
    }

    private Agent auditor() {
        // Back-office tokens live 5 minutes: a new sign-in well before that.
        if (auditor == null || auditorSince.isBefore(java.time.Instant.now().minusSeconds(240))) {
            auditor = Agent.signedIn(realm, "enrollment-admin");
            auditorSince = java.time.Instant.now();
        }
        return auditor;
    }

    private static void screenshot(WebDriver driver, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }
}
