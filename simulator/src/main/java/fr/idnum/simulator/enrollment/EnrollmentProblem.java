package fr.idnum.simulator.enrollment;

import java.time.Duration;
import java.util.Optional;

import fr.idnum.simulator.http.HttpReply;
import fr.idnum.simulator.http.Refusal;

/** The enrollment service refused a call; the field errors say which identity fields to correct. */
public class EnrollmentProblem extends Refusal {

    private final Duration retryAfter;

    EnrollmentProblem(HttpReply reply) {
        super(reply.problem());
        this.retryAfter = reply.header("Retry-After").map(EnrollmentProblem::seconds).orElse(null);
    }

    /** How long to wait before asking for another code (429 answers). */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    private static Duration seconds(String value) {
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
