package fr.idnum.enrollment.problem;

import java.time.Duration;
import java.util.Map;

/** A 429 refusal answered with a {@code Retry-After} header: the caller may try again once it has passed. */
public class RetryLaterException extends DomainException {

    private final long retryAfterSeconds;

    public RetryLaterException(String type, String title, String detail, Duration wait) {
        super(429, type, title, detail);
        this.retryAfterSeconds = seconds(wait);
    }

    /** Rounded up to whole seconds, never below 1, as Retry-After counts them. */
    public static long seconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Retry-After", Long.toString(retryAfterSeconds));
    }
}
