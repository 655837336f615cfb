package fr.idnum.enrollment.messaging;

import java.time.Duration;
import java.util.Optional;

/**
 * What came of a push.
 *
 * @param messageId  the provider's id of the message, when {@link Status#DELIVERED}
 * @param retryAfter how long the provider asked to wait, when it said so (quota, unavailability)
 */
public record PushOutcome(Status status, String messageId, Duration retryAfter) {

    public enum Status {
        /** Accepted by the push service (delivery to the phone itself is not acknowledged). */
        DELIVERED,
        /** The token is no longer valid (app uninstalled, token rotated): stop using it. */
        UNREGISTERED_TOKEN,
        /** Our sending quota is spent for now. */
        QUOTA_EXCEEDED,
        /** The push service is down or overloaded: retrying later may work. */
        UNAVAILABLE,
        /** The push service rejected the message or the token as malformed. */
        INVALID_ARGUMENT,
        /** Anything else, typically our own configuration (credentials, APNs certificate): an operator must look. */
        FAILED;

        public boolean retryable() {
            return this == QUOTA_EXCEEDED || this == UNAVAILABLE;
        }
    }

    public static PushOutcome delivered(String messageId) {
        return new PushOutcome(Status.DELIVERED, messageId, null);
    }

    public static PushOutcome of(Status status) {
        return new PushOutcome(status, null, null);
    }

    public static PushOutcome of(Status status, Duration retryAfter) {
        return new PushOutcome(status, null, retryAfter);
    }

    public Optional<Duration> retryAfterIfKnown() {
        return Optional.ofNullable(retryAfter);
    }
}
