package fr.idnum.enrollment.propagation;

import java.util.Optional;

import fr.idnum.enrollment.enrollment.EnrollmentState;

/**
 * What Keycloak is told about a citizen's enrollment, as the value of the user attribute
 * {@value KeycloakAdminClient#STATUS_ATTRIBUTE}. REVOKED, ERASED and REACTIVATION_REQUIRED also remove the user's
 * {@code idnum-device} credentials: the phone must be activated again (with a new enrollment after the first two).
 */
public enum PropagatedStatus {
    ACTIVE,
    SUSPENDED,
    REVOKED,
    ERASED,
    /** The identity stays verified, but the phone must be activated again with a new activation code. */
    REACTIVATION_REQUIRED,
    /** A suspension lifted before any phone was activated: the citizen may activate one (no phone to remove). */
    VERIFIED;

    /**
     * ERASED also removes the identity Keycloak copied at activation (names, birth date and place, gender):
     * erasure must not leave the verified identity behind in the other store.
     */
    public boolean erasesIdentity() {
        return this == ERASED;
    }

    /** Whether Keycloak must forget the user's device credentials. */
    public boolean removesDevices() {
        return this == REVOKED || this == ERASED || this == REACTIVATION_REQUIRED;
    }

    /**
     * The status a move propagates, if any. Keycloak only knows citizens who may have a phone: moves before the
     * identity is verified (and its expiry or rejection) mean nothing to it, and an activation (VERIFIED → ACTIVE)
     * is written by Keycloak itself, which redeemed the code.
     */
    public static Optional<PropagatedStatus> of(EnrollmentState from, EnrollmentState to) {
        if (from == null) {
            return Optional.empty();
        }
        return switch (to) {
            case ACTIVE -> from == EnrollmentState.SUSPENDED ? Optional.of(ACTIVE) : Optional.empty();
            case SUSPENDED -> Optional.of(SUSPENDED);
            case REVOKED -> Optional.of(REVOKED);
            case VERIFIED -> switch (from) {
                case ACTIVE -> Optional.of(REACTIVATION_REQUIRED);
                case SUSPENDED -> Optional.of(VERIFIED);
                default -> Optional.empty();
            };
            default -> Optional.empty();
        };
    }
}
