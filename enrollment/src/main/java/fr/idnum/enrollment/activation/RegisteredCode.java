package fr.idnum.enrollment.activation;

import java.time.Instant;
import java.util.UUID;

import fr.idnum.enrollment.messaging.RegisteredLetter;
import fr.idnum.enrollment.onetimecode.CountedSend;

/**
 * An activation code to send by registered electronic letter once committed (after a remote check): to which
 * address, for whom the provider must identify, the code, until when it works, and its send as counted. The code
 * never appears in {@link #toString()}.
 */
public record RegisteredCode(UUID enrollmentId, String email, RegisteredLetter.Addressee addressee, String code,
                             Instant expiresAt, CountedSend counted) {

    @Override
    public String toString() {
        return "RegisteredCode[enrollmentId=" + enrollmentId + "]";
    }
}
