package fr.idnum.enrollment.messaging;

import java.time.Duration;

import fr.idnum.enrollment.problem.DomainException;

/** A push the push service did not take; answered with {@code Retry-After} when the service gave one. */
public class PushNotDeliveredException extends DomainException {

    PushNotDeliveredException(int status, String type, String title, String detail, Duration retryAfter) {
        super(status, type, title, detail);
        if (retryAfter != null) {
            // Whole seconds as the push service gave them (not rounded up like our own waits).
            header("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds())));
        }
    }
}
