package fr.idnum.enrollment.messaging;

import fr.idnum.enrollment.problem.DomainException;

/**
 * A provider did not accept an outbound message. Answered as a 503 problem: what was already decided
 * (a code issued, a state reached) stays, and the caller can ask for the message again. The reason names
 * the channel and the provider's status, never the recipient nor what the message said.
 */
public class MessageNotSentException extends DomainException {

    private final String reason;

    public MessageNotSentException(String channel, String reason, Throwable cause) {
        super(503, "message-not-sent", "Message not sent",
                "The " + channel + " could not be sent; ask for it again in a moment.");
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
