package fr.idnum.enrollment.propagation;

import java.util.Optional;

import fr.idnum.protocol.enrollment.EnrollmentStatus;
import fr.idnum.enrollment.enrollment.EnrollmentState;

/**
 * Which status ({@link EnrollmentStatus}, the contract's) a move of the enrollment tells Keycloak, as the value of the
 * user attribute {@value EnrollmentStatus#ATTRIBUTE}.
 */
public final class PropagatedStatus {

    private PropagatedStatus() {
    }

    /**
     * The status a move propagates, if any. Keycloak only knows citizens who may have a phone: moves before the
     * identity is verified (and its expiry or rejection) mean nothing to it, and an activation (VERIFIED → ACTIVE)
     * is written by Keycloak itself, which redeemed the code.
     */
    public static Optional<EnrollmentStatus> of(EnrollmentState from, EnrollmentState to) {
        if (from == null) {
            return Optional.empty();
        }
        return switch (to) {
            case ACTIVE -> from == EnrollmentState.SUSPENDED ? Optional.of(EnrollmentStatus.ACTIVE) : Optional.empty();
            case SUSPENDED -> Optional.of(EnrollmentStatus.SUSPENDED);
            case REVOKED -> Optional.of(EnrollmentStatus.REVOKED);
            case VERIFIED -> switch (from) {
                case ACTIVE -> Optional.of(EnrollmentStatus.REACTIVATION_REQUIRED);
                case SUSPENDED -> Optional.of(EnrollmentStatus.VERIFIED);
                default -> Optional.empty();
            };
            default -> Optional.empty();
        };
    }
}
