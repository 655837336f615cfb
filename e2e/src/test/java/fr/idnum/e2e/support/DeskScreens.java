package fr.idnum.e2e.support;

import java.net.URI;
import java.time.Duration;

import fr.idnum.protocol.Challenges;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The agents' desk as staff work it in a real browser: the steps several browser tests share. */
public final class DeskScreens {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private DeskScreens() {
    }

    /** Opens the desk's home in a browser that forgot every earlier session, the realm's and the desk's. */
    public static void openSignedOut(WebDriver driver, URI home) {
        driver.get(TestEnvironment.ISSUER + "/.well-known/openid-configuration");
        driver.manage().deleteAllCookies();
        driver.get(home.toString());
        driver.manage().deleteAllCookies();
        driver.get(home.toString());
    }

    /** From the desk's home: the sign-in at eidas2, approved on {@code staff}'s own (simulated) phone. */
    public static void signIn(WebDriver driver, Enrollments.Citizen staff) {
        driver.findElement(By.id("sign-in")).click();
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username"))).sendKeys(staff.username());
        driver.findElement(By.cssSelector("#kc-form-login [type=submit]")).click();
        String number = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("idnum-push-number"))).getText().trim();
        Challenges.Challenge challenge = staff.phone().awaitChallenge(Duration.ofSeconds(10));
        staff.phone().approve(challenge, Enrollments.PIN, Integer.parseInt(number));
        try {
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("logout")));
        } catch (RuntimeException e) {
            throw new AssertionError("Not signed in to the desk at " + driver.getCurrentUrl() + ":\n"
                    + driver.findElement(By.tagName("body")).getText(), e);
        }
    }

    /** The post-office agent's search: what the citizen shows (activation code) and says (birth name). */
    public static void lookUp(WebDriver driver, String code, String birthName) {
        driver.findElement(By.id("activationCode")).clear();
        driver.findElement(By.id("activationCode")).sendKeys(code);
        driver.findElement(By.id("birthName")).clear();
        driver.findElement(By.id("birthName")).sendKeys(birthName);
        submitAndWait(driver, By.id("agent-search-button"));
    }

    /** Presses the button and waits for the next page (not the element of the same id on the page before). */
    public static void submitAndWait(WebDriver driver, By button) {
        WebElement page = driver.findElement(By.tagName("html"));
        driver.findElement(button).click();
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.stalenessOf(page));
    }
}
