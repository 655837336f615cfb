package fr.idnum.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One campaign test class's counts for issue 14's totals (docs/security-tests.md, "Totals"): hostile cases sent or
 * replayed, faults injected, and what must stay 0 (server errors seen, secrets found, enrollments lost). Written from
 * an {@code @AfterAll} as {@code <module>/target/campaign/<SimpleClassName>.properties}; {@code bin/campaign-totals.sh}
 * sums every such file of the checkout. Shared by the tests of every module (unit, Quarkus and end-to-end), so all
 * write the same keys. Not final: the enrollment service's tests extend it into a REST Assured filter. Thread-safe.
 * <pre>
 * static final CampaignTally TALLY = new CampaignTally();
 * ... TALLY.cases(n); TALLY.serverError(); ...
 * &#64;AfterAll static void tally() { TALLY.write(MyIT.class); }
 * </pre>
 */
public class CampaignTally {

    static final Path DIRECTORY = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "target", "campaign");

    private final AtomicLong cases = new AtomicLong();
    private final AtomicLong faults = new AtomicLong();
    private final AtomicLong serverErrors = new AtomicLong();
    private final AtomicLong secretsFound = new AtomicLong();
    private final AtomicLong lostEnrollments = new AtomicLong();
    private final AtomicLong knownServerErrors = new AtomicLong();

    /**
     * {@code n} more hostile requests (or inputs) sent, whatever their answer: count each once it has been executed
     * and its answer checked, and never a set-up call.
     */
    public CampaignTally cases(long n) {
        cases.addAndGet(n);
        return this;
    }

    public CampaignTally fault() {
        faults.incrementAndGet();
        return this;
    }

    /** One 5xx seen (the test fails on it too: this is what the totals report). */
    public CampaignTally serverError() {
        serverErrors.incrementAndGet();
        return this;
    }

    public CampaignTally secretsFound(long n) {
        secretsFound.addAndGet(n);
        return this;
    }

    public CampaignTally lostEnrollments(long n) {
        lostEnrollments.addAndGet(n);
        return this;
    }

    /**
     * One 5xx of Keycloak core that the campaign measures but cannot fix from an extension: reported apart, it does
     * not fail the totals. None is counted today (docs/security-tests.md, "Totals"): the {@code %zz} and NUL form
     * bodies once counted here are refused with a 400 since.
     */
    public CampaignTally knownServerError() {
        knownServerErrors.incrementAndGet();
        return this;
    }

    /** Counts {@code status} as one case, and as a server error when it is a 5xx; returns it. */
    public int answered(int status) {
        cases(1);
        if (status >= 500) {
            serverError();
        }
        return status;
    }

    /** Counts {@code status} as a server error when it is a 5xx, not as a case (a fault's probe); returns it. */
    public int status(int status) {
        if (status >= 500) {
            serverError();
        }
        return status;
    }

    /** Writes {@code target/campaign/<SimpleClassName>.properties}, replacing the file of an earlier run. */
    public void write(Class<?> testClass) {
        Properties counts = new Properties();
        counts.setProperty("cases", String.valueOf(cases.get()));
        counts.setProperty("faults", String.valueOf(faults.get()));
        counts.setProperty("serverErrors", String.valueOf(serverErrors.get()));
        counts.setProperty("secretsFound", String.valueOf(secretsFound.get()));
        counts.setProperty("lostEnrollments", String.valueOf(lostEnrollments.get()));
        counts.setProperty("knownServerErrors", String.valueOf(knownServerErrors.get()));
        try {
            Files.createDirectories(DIRECTORY);
            try (Writer out = Files.newBufferedWriter(DIRECTORY.resolve(testClass.getSimpleName() + ".properties"),
                    StandardCharsets.UTF_8)) {
                counts.store(out, "issue 14 campaign: " + testClass.getName());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
