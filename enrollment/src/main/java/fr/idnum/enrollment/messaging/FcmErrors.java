package fr.idnum.enrollment.messaging;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.google.firebase.IncomingHttpResponse;
import com.google.firebase.messaging.FirebaseMessagingException;
import com.google.firebase.messaging.MessagingErrorCode;

/** How an FCM refusal reads for our callers. */
final class FcmErrors {

    private FcmErrors() {
    }

    static PushOutcome outcomeOf(FirebaseMessagingException e) {
        Duration retryAfter = retryAfter(e.getHttpResponse());
        MessagingErrorCode fcm = e.getMessagingErrorCode();
        if (fcm != null) {
            return switch (fcm) {
                case UNREGISTERED -> PushOutcome.of(PushOutcome.Status.UNREGISTERED_TOKEN);
                case QUOTA_EXCEEDED -> PushOutcome.of(PushOutcome.Status.QUOTA_EXCEEDED, retryAfter);
                // FCM's documentation asks for a retry with back-off on INTERNAL as on UNAVAILABLE.
                case UNAVAILABLE, INTERNAL -> PushOutcome.of(PushOutcome.Status.UNAVAILABLE, retryAfter);
                case INVALID_ARGUMENT -> PushOutcome.of(PushOutcome.Status.INVALID_ARGUMENT);
                // A token of another Firebase project, or our APNs key refused: configuration, not the phone.
                case SENDER_ID_MISMATCH, THIRD_PARTY_AUTH_ERROR -> PushOutcome.of(PushOutcome.Status.FAILED);
            };
        }
        // No FCM detail: a transport failure or a platform error. A bare 404 is deliberately not read as a
        // stale token: a wrong project id answers 404 for every token, and all devices would be marked stale.
        return switch (e.getErrorCode()) {
            case RESOURCE_EXHAUSTED -> PushOutcome.of(PushOutcome.Status.QUOTA_EXCEEDED, retryAfter);
            case UNAVAILABLE, INTERNAL, DEADLINE_EXCEEDED -> PushOutcome.of(PushOutcome.Status.UNAVAILABLE, retryAfter);
            case INVALID_ARGUMENT -> PushOutcome.of(PushOutcome.Status.INVALID_ARGUMENT);
            case UNKNOWN -> e.getCause() instanceof IOException
                    ? PushOutcome.of(PushOutcome.Status.UNAVAILABLE) : PushOutcome.of(PushOutcome.Status.FAILED);
            default -> PushOutcome.of(PushOutcome.Status.FAILED);
        };
    }

    /** FCM's {@code Retry-After} in seconds, when it sent one (an HTTP date is not worth the parsing here). */
    static Duration retryAfter(IncomingHttpResponse response) {
        if (response == null) {
            return null;
        }
        for (Map.Entry<String, Object> header : response.getHeaders().entrySet()) {
            if (header.getKey().equalsIgnoreCase("retry-after")) {
                Object value = header.getValue() instanceof List<?> values && !values.isEmpty() ? values.get(0) : header.getValue();
                try {
                    long seconds = Long.parseLong(String.valueOf(value).trim());
                    return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
                } catch (NumberFormatException notSeconds) {
                    return null;
                }
            }
        }
        return null;
    }
}
