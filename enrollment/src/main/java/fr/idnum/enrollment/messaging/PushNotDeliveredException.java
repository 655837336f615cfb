package fr.idnum.enrollment.messaging;

import java.time.Duration;
import java.util.Optional;

import fr.idnum.enrollment.problem.DomainException;

/** A push the push service did not take; answered with {@code Retry-After} when the service gave one. */
public class PushNotDeliveredException extends DomainException {

    private final Duration retryAfter;

    PushNotDeliveredException(int status, String type, String title, String detail, Duration retryAfter) {
        super(status, type, title, detail);
        this.retryAfter = retryAfter;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
