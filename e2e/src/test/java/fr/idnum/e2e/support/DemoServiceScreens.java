package fr.idnum.e2e.support;

import java.net.URI;
import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The demo service ("Mon Compte Formation (démo)") and the realm's pages it leads to, as a citizen's browser sees them. */
public final class DemoServiceScreens {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private DemoServiceScreens() {
    }

    /**
     * In a new window without the realm's cookies (another device, or a later day): the service's button at eidas2
     * and the citizen's identifier. Ends on the realm's phone page, the waiting page or a refusal.
     */
    public static void startEidas2InNewWindow(WebDriver driver, URI serviceHome, String username) {
        driver.switchTo().newWindow(WindowType.WINDOW);
        driver.get(TestEnvironment.ISSUER + "/.well-known/openid-configuration");
        driver.manage().deleteAllCookies();
        driver.get(serviceHome.toString());
        driver.findElement(By.cssSelector("label[for=level-eidas2]")).click();
        driver.findElement(By.id("idnum-button")).click();
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.name("username"))).sendKeys(username);
        driver.findElement(By.cssSelector("#kc-form-login [type=submit]")).click();
    }

    /** {@link #startEidas2InNewWindow}, up to the waiting page: answers the number it shows. */
    public static String waitingPageInNewWindow(WebDriver driver, URI serviceHome, String username) {
        startEidas2InNewWindow(driver, serviceHome, username);
        return waitingPageNumber(driver);
    }

    /** The number the waiting page shows, once it shows one. */
    public static String waitingPageNumber(WebDriver driver) {
        try {
            return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("idnum-push-number")))
                    .getText().trim();
        } catch (RuntimeException e) {
            throw new AssertionError("No waiting page at " + driver.getCurrentUrl() + ":\n"
                    + driver.findElement(By.tagName("body")).getText(), e);
        }
    }

    /** Waits until the realm's page has the title {@code title} (the waiting page turns into its outcome by itself). */
    public static void awaitPageTitle(WebDriver driver, String title) {
        try {
            new WebDriverWait(driver, WAIT).until(ExpectedConditions.textToBe(By.id("kc-page-title"), title));
        } catch (RuntimeException e) {
            throw new AssertionError("Not the page \u00ab " + title + " \u00bb at " + driver.getCurrentUrl() + ":\n"
                    + driver.findElement(By.tagName("body")).getText(), e);
        }
    }
}
