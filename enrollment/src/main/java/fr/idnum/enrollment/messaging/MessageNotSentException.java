package fr.idnum.enrollment.messaging;

import fr.idnum.enrollment.problem.DomainException;

/**
 * A provider did not accept an outbound message. Answered as a 503 problem with {@code Retry-After}: what was
 * already decided (a code issued, a state reached) stays, and the caller can ask for the message again — a one-time
 * code's send is taken back, so asking again is not held by its cooldown ({@code OneTimeCode#notSent}). The
 * reason names the channel and the provider's status, never the recipient nor what the message said.
 */
public class MessageNotSentException extends DomainException {

    public static final String TYPE = "message-not-sent";
    /**
     * A hint, not a rule: nothing refuses an earlier try. Long enough that a client which follows it spreads its
     * tries over a provider's outage of some minutes (refused sends of a one-time code are bounded).
     */
    public static final String RETRY_AFTER_SECONDS = "30";

    private final String reason;

    public MessageNotSentException(String channel, String reason, Throwable cause) {
        super(503, TYPE, "Message not sent",
                "The " + channel + " could not be sent; ask for it again in a moment.");
        header("Retry-After", RETRY_AFTER_SECONDS);
        if (cause != null) {
            initCause(cause);
        }
        this.reason = channel + ": " + reason;
    }

    /** For the operator's log: which channel failed and how. */
    public String reason() {
        return reason;
    }
}
