package fr.idnum.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The counts one test class of the hostile-input and fault campaign (issue 14) adds to the campaign's totals,
 * written to {@code target/campaign/<SimpleClassName>.properties} for the script that sums them: hostile cases
 * tried, faults injected, server errors (5xx other than a documented 503 problem) seen, secrets found, enrollments
 * lost.
 */
public final class CampaignTally {

    static final Path DIRECTORY = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "target", "campaign");

    private final AtomicInteger cases = new AtomicInteger();
    private final AtomicInteger faults = new AtomicInteger();
    private final AtomicInteger serverErrors = new AtomicInteger();
    private final AtomicInteger secretsFound = new AtomicInteger();
    private final AtomicInteger lostEnrollments = new AtomicInteger();

    public void caseTried() {
        cases.incrementAndGet();
    }

    public void fault() {
        faults.incrementAndGet();
    }

    public void serverError() {
        serverErrors.incrementAndGet();
    }

    public void secretFound() {
        secretsFound.incrementAndGet();
    }

    public void lostEnrollment() {
        lostEnrollments.incrementAndGet();
    }

    /** Counts {@code status} as a server error when it is one; returns it. */
    public int status(int status) {
        if (status >= 500) {
            serverError();
        }
        return status;
    }

    /** Writes the counts of {@code testClass} (replacing those of an earlier run). */
    public void write(Class<?> testClass) {
        Properties counts = new Properties();
        counts.setProperty("cases", String.valueOf(cases.get()));
        counts.setProperty("faults", String.valueOf(faults.get()));
        counts.setProperty("serverErrors", String.valueOf(serverErrors.get()));
        counts.setProperty("secretsFound", String.valueOf(secretsFound.get()));
        counts.setProperty("lostEnrollments", String.valueOf(lostEnrollments.get()));
        try {
            Files.createDirectories(DIRECTORY);
            try (Writer out = Files.newBufferedWriter(DIRECTORY.resolve(testClass.getSimpleName() + ".properties"), StandardCharsets.UTF_8)) {
                counts.store(out, "issue 14 campaign: " + testClass.getName());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
