package fr.idnum.enrollment.propagation;

import java.util.Optional;

import fr.idnum.enrollment.enrollment.EnrollmentState;

/**
 * What Keycloak is told about a citizen's enrollment, as the value of the user attribute
 * {@value KeycloakAdminClient#STATUS_ATTRIBUTE}. REVOKED and ERASED also remove the user's {@code idnum-device}
 * credentials: the phone must be activated again, with a new enrollment.
 */
public enum PropagatedStatus {
    ACTIVE,
    SUSPENDED,
    REVOKED,
    ERASED;

    /** Whether Keycloak must forget the user's device credentials. */
    public boolean removesDevices() {
        return this == REVOKED || this == ERASED;
    }

    /** The status an enrollment state propagates, if any (only those an administrator moves to do). */
    public static Optional<PropagatedStatus> of(EnrollmentState state) {
        return switch (state) {
            case ACTIVE -> Optional.of(ACTIVE);
            case SUSPENDED -> Optional.of(SUSPENDED);
            case REVOKED -> Optional.of(REVOKED);
            default -> Optional.empty();
        };
    }
}
