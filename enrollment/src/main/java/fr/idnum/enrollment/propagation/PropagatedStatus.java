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
    REACTIVATION_REQUIRED;

    /** Whether Keycloak must forget the user's device credentials. */
    /**
     * ERASED also removes the identity Keycloak copied at activation (names, birth date and place, gender):
     * erasure must not leave the verified identity behind in the other store.
     */
    public boolean erasesIdentity() {
        return this == ERASED;
    }

    public boolean removesDevices() {
        return this == REVOKED || this == ERASED || this == REACTIVATION_REQUIRED;
    }

    /** The status a transition propagates, if any (only those an administrator makes do). */
    public static Optional<PropagatedStatus> of(EnrollmentState from, EnrollmentState to) {
        return switch (to) {
            case ACTIVE -> Optional.of(ACTIVE);
            case SUSPENDED -> Optional.of(SUSPENDED);
            case REVOKED -> Optional.of(REVOKED);
            case VERIFIED -> from == EnrollmentState.ACTIVE ? Optional.of(REACTIVATION_REQUIRED) : Optional.empty();
            default -> Optional.empty();
        };
    }
}
