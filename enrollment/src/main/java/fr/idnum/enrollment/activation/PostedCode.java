package fr.idnum.enrollment.activation;

import java.time.Instant;
import java.util.UUID;

import fr.idnum.enrollment.identity.PostalAddress;
import fr.idnum.enrollment.onetimecode.CountedSend;

/**
 * An activation code to post to the verified address once committed: who, where, the code, the window in which it
 * works ({@code notBefore}: the end of the cooling-off), and its send as counted. The code never appears in
 * {@link #toString()}.
 */
public record PostedCode(UUID enrollmentId, String recipient, PostalAddress address, String code, Instant notBefore,
                         Instant expiresAt, CountedSend counted) {

    @Override
    public String toString() {
        return "PostedCode[enrollmentId=" + enrollmentId + ", notBefore=" + notBefore + "]";
    }
}
