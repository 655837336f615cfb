package fr.idnum.keycloak.enrollment;

import java.util.Optional;

import fr.idnum.protocol.enrollment.ActivationRefusal;

import java.util.Map;

/** What the enrollment service said of an activation code. */
public sealed interface Redemption {

    /**
     * Redeemed: the verified identity, under the names of the realm's user-profile attributes. {@code replayed}: the
     * code had already been redeemed by this same request (same idempotency key, same code, minutes ago) and is
     * answered again; Keycloak must not let such an answer replace a phone it holds.
     */
    record Redeemed(Map<String, String> identity, boolean replayed) implements Redemption {
    }

    /**
     * Refused by the enrollment service, with its problem: {@code refusal} when its type is one of the contract's
     * ({@link ActivationRefusal}), {@code type} the type's name as answered (for a log line); {@code attemptsLeft} is
     * known for a wrong code, {@code notBefore} (RFC 3339) for a posted code under its cooling-off.
     */
    record Refused(int status, Optional<ActivationRefusal> refusal, String type, String detail, Integer attemptsLeft,
                   String notBefore) implements Redemption {
    }

    /** The service could not be reached or answered something unusable: nothing can be said of the code. */
    record Unavailable(String reason) implements Redemption {
    }
}
