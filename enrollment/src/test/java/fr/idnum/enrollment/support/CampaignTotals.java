package fr.idnum.enrollment.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The totals one test class of the issue-14 campaign adds to the run's report: written from its {@code @AfterAll} to
 * {@code target/campaign/<SimpleClassName>.properties} (relative to the module), which a script sums over all classes.
 */
public final class CampaignTotals {

    public final AtomicInteger cases = new AtomicInteger();
    public final AtomicInteger faults = new AtomicInteger();
    public final AtomicInteger serverErrors = new AtomicInteger();
    public final AtomicInteger secretsFound = new AtomicInteger();
    public final AtomicInteger lostEnrollments = new AtomicInteger();

    public void write(Class<?> testClass) {
        Properties totals = new Properties();
        totals.setProperty("cases", Integer.toString(cases.get()));
        totals.setProperty("faults", Integer.toString(faults.get()));
        totals.setProperty("serverErrors", Integer.toString(serverErrors.get()));
        totals.setProperty("secretsFound", Integer.toString(secretsFound.get()));
        totals.setProperty("lostEnrollments", Integer.toString(lostEnrollments.get()));
        Path file = Path.of("target", "campaign", testClass.getSimpleName() + ".properties");
        try {
            Files.createDirectories(file.getParent());
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.ISO_8859_1)) {
                totals.store(out, "issue 14 campaign: " + testClass.getName());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
