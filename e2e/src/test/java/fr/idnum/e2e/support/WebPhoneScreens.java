package fr.idnum.e2e.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;

import fr.idnum.protocol.enrollment.DeviceCredential;
import org.keycloak.testframework.realm.ManagedRealm;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The web phone's screens as a citizen works them in a real browser: the steps several browser tests share. */
public final class WebPhoneScreens {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private WebPhoneScreens() {
    }

    /**
     * Opens the web phone at {@code home} as on a phone that knows nothing yet (no key, no token) and waits for its
     * welcome screen, in French. The browser may be shared by tests: the phone an earlier test activated is forgotten.
     */
    public static void openForgotten(WebDriver driver, URI home) {
        driver.get(home.toString());
        ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                sessionStorage.clear();
                const request = indexedDB.deleteDatabase('idnum-web-phone');
                request.onsuccess = request.onerror = request.onblocked = () => done(true);
                """);
        driver.navigate().refresh();
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.elementToBeClickable(By.id("sign-in")));
        assertEquals("fr", driver.findElement(By.tagName("html")).getAttribute("lang"));
    }

    /** From the welcome screen: "Me connecter", then the realm's identifier and password pages. */
    public static void signIn(WebDriver driver, String username, String password) {
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        driver.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username"))).sendKeys(username);
        driver.findElement(By.cssSelector("#kc-form-login [type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("password"))).sendKeys(password);
        driver.findElement(By.cssSelector("#kc-form-login [type=submit]")).click();
    }

    public static void type(WebDriver driver, String id, String text) {
        driver.findElement(By.id(id)).sendKeys(text);
    }

    /** A date field's value as the page reads it (typing into one depends on the browser's locale). */
    public static void setDate(WebDriver driver, String id, LocalDate date) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1]", driver.findElement(By.id(id)), date.toString());
    }

    /** Taps {@code pin} on the PIN pad that fills the field {@code fieldId}. */
    public static void tapPin(WebDriver driver, String fieldId, String pin) {
        for (char digit : pin.toCharArray()) {
            driver.findElement(By.xpath("//div[@data-for='" + fieldId + "']/button[text()='" + digit + "']")).click();
        }
    }

    /**
     * A web phone made ready for a citizen whose identity was verified: opened as on a new phone, signed in as the
     * app, activated with the citizen's activation code and {@link Enrollments#PIN}; the realm then holds its
     * credential. Ends on the list of sign-in requests; answers the window's handle.
     */
    public static String activate(WebDriver driver, URI home, ManagedRealm realm, Enrollments.Citizen citizen) {
        openForgotten(driver, home);
        signIn(driver, citizen.username(), Citizens.PASSWORD);
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.until(ExpectedConditions.elementToBeClickable(By.id("go-activation"))).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("activation-code"))).sendKeys(citizen.activationCode());
        type(driver, "new-pin", Enrollments.PIN);
        type(driver, "new-pin-again", Enrollments.PIN);
        driver.findElement(By.id("activate-button")).click();
        try {
            wait.until(ExpectedConditions.textToBe(By.id("status"), "Téléphone activé. Vos demandes de connexion apparaîtront ici."));
        } catch (RuntimeException e) {
            throw new AssertionError("Not activated: " + driver.findElement(By.tagName("body")).getText(), e);
        }
        var credentials = realm.admin().users().get(citizen.userId()).credentials();
        assertTrue(credentials.stream().anyMatch(c -> DeviceCredential.TYPE.equals(c.getType())),
                "the realm holds the web phone's credential: " + credentials);
        return driver.getWindowHandle();
    }

    /** On the list of sign-in requests: waits for the newest one the page pulled and opens it. Answers who asks. */
    public static String openNewestRequest(WebDriver driver) {
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#notifications .open-challenge"))).click();
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("challenge-who"))).getText();
    }
}
