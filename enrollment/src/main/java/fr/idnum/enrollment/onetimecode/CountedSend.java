package fr.idnum.enrollment.onetimecode;

import java.time.Instant;
import java.util.UUID;

/**
 * A code counted as sent when it was issued, before its provider was asked (the cooldown and the bound hold against
 * concurrent requests while it travels). If the provider refuses it, {@link OneTimeCode#notSent} takes the send back
 * with this: which code it was ({@code codeHash}, so a later code is never touched) and when the code before it went
 * out ({@code previousSentAt}, null if none did). The hash never appears in {@link #toString()}.
 */
public record CountedSend(UUID enrollmentId, String codeHash, Instant previousSentAt) {

    @Override
    public String toString() {
        return "CountedSend[enrollmentId=" + enrollmentId + "]";
    }
}
