package fr.idnum.enrollment.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import io.restassured.specification.RequestSpecification;

/**
 * One campaign test class's counts for issue 14's totals (docs/security-tests.md): hostile cases sent or replayed,
 * faults injected, and what must stay 0 (server errors seen, secrets found, enrollments lost). Written from an
 * {@code @AfterAll} as {@code target/campaign/<SimpleClassName>.properties}; {@code bin/campaign-totals.sh} sums
 * every such file of the checkout. As a REST Assured {@link Filter} ({@link #given()}), it counts each request
 * as a case and each 5xx answer as a server error. Thread-safe.
 */
public final class CampaignTally implements Filter {

    static final Path DIRECTORY = Path.of("target", "campaign");

    private final AtomicLong cases = new AtomicLong();
    private final AtomicLong faults = new AtomicLong();
    private final AtomicLong serverErrors = new AtomicLong();
    private final AtomicLong secretsFound = new AtomicLong();
    private final AtomicLong lostEnrollments = new AtomicLong();

    /** {@code n} more hostile requests (or inputs) sent, whatever their answer. */
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

    /** A REST Assured request whose answer this tally counts. */
    public RequestSpecification given() {
        return RestAssured.given().filter(this);
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response, FilterContext ctx) {
        Response answer = ctx.next(request, response);
        cases(1);
        if (answer.statusCode() >= 500) {
            serverError();
        }
        return answer;
    }

    /** Writes {@code target/campaign/<SimpleClassName>.properties}, replacing the file of an earlier run. */
    public void write(Class<?> testClass) {
        Properties counts = new Properties();
        counts.setProperty("cases", String.valueOf(cases.get()));
        counts.setProperty("faults", String.valueOf(faults.get()));
        counts.setProperty("serverErrors", String.valueOf(serverErrors.get()));
        counts.setProperty("secretsFound", String.valueOf(secretsFound.get()));
        counts.setProperty("lostEnrollments", String.valueOf(lostEnrollments.get()));
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
