package fr.idnum.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

/**
 * The accessibility check of a page a browser test reached: axe-core (npm, installed by the build into
 * {@code e2e/node_modules}, its path in the system property {@value #AXE_PROPERTY}) runs in the page with the
 * WCAG 2 A and AA rules; any violation axe rates serious or critical fails the test, naming the rule and the
 * elements. A screenshot of the page is kept in {@code target/screenshots/<name>.png} either way.
 * axe finds part of what RGAA asks (about a third of the criteria can be checked by a machine); keyboard use,
 * sense of the texts and order of reading still need a person.
 */
public final class PageAudit {

    public static final String AXE_PROPERTY = "idnum.axe.script";
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static final List<String> BLOCKING = List.of("serious", "critical");
    private static final Logger LOG = Logger.getLogger(PageAudit.class);
    private static String axeSource;

    private PageAudit() {
    }

    /** Saves the page's screenshot as {@code name}.png, then fails on serious or critical axe violations. */
    public static void check(WebDriver driver, String name) {
        screenshot(driver, name);
        JavascriptExecutor js = (JavascriptExecutor) driver;
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        js.executeScript(axe());
        @SuppressWarnings("unchecked")
        Map<String, List<String>> found = (Map<String, List<String>>) js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const blocking = arguments[0];
                const describe = v => v.impact + ' ' + v.id + ' (' + v.help + '): '
                    + v.nodes.map(n => n.target.join(' ')).join(', ');
                axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}, resultTypes: ['violations']})
                    .then(results => done({
                        blocking: results.violations.filter(v => blocking.includes(v.impact)).map(describe),
                        other: results.violations.filter(v => !blocking.includes(v.impact)).map(describe)}))
                    .catch(e => done({blocking: ['axe failed: ' + e], other: []}));
                """, BLOCKING);
        // Moderate and minor findings do not fail the test but stay visible in the test log.
        found.get("other").forEach(v -> LOG.warnf("axe on %s: %s", name, v));
        List<String> violations = found.get("blocking");
        if (!violations.isEmpty()) {
            throw new AssertionError("Accessibility violations on " + name + " (" + driver.getCurrentUrl() + "):\n  "
                    + String.join("\n  ", violations));
        }
    }

    /** Saves what the browser shows as {@code target/screenshots/<name>.png}. */
    public static void screenshot(WebDriver driver, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized String axe() {
        if (axeSource == null) {
            String path = System.getProperty(AXE_PROPERTY);
            if (path == null || !Files.isRegularFile(Path.of(path))) {
                throw new IllegalStateException("axe-core not found at " + path + " (system property " + AXE_PROPERTY
                        + "; the e2e build installs it with npm ci)");
            }
            try {
                axeSource = Files.readString(Path.of(path), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return axeSource;
    }
}
