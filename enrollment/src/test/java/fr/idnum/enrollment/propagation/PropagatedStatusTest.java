package fr.idnum.enrollment.propagation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import fr.idnum.enrollment.enrollment.EnrollmentState;
import org.junit.jupiter.api.Test;

class PropagatedStatusTest {

    @Test
    void keycloakLearnsOnlyWhatChangesASignIn() {
        assertEquals(Optional.of(PropagatedStatus.SUSPENDED), PropagatedStatus.of(EnrollmentState.ACTIVE, EnrollmentState.SUSPENDED));
        assertEquals(Optional.of(PropagatedStatus.ACTIVE), PropagatedStatus.of(EnrollmentState.SUSPENDED, EnrollmentState.ACTIVE));
        assertEquals(Optional.of(PropagatedStatus.REACTIVATION_REQUIRED), PropagatedStatus.of(EnrollmentState.ACTIVE, EnrollmentState.VERIFIED));
        assertEquals(Optional.empty(), PropagatedStatus.of(EnrollmentState.AWAITING_VERIFICATION, EnrollmentState.VERIFIED),
                "a first verification has no phone to tell Keycloak about");
        assertEquals(Optional.of(PropagatedStatus.VERIFIED), PropagatedStatus.of(EnrollmentState.SUSPENDED, EnrollmentState.VERIFIED),
                "a suspension lifted before any activation lets Keycloak activate a phone again");
        assertEquals(Optional.of(PropagatedStatus.SUSPENDED), PropagatedStatus.of(EnrollmentState.VERIFIED, EnrollmentState.SUSPENDED));
    }

    @Test
    void movesKeycloakMadeOrCannotSeeAreNotSentBack() {
        assertEquals(Optional.empty(), PropagatedStatus.of(EnrollmentState.VERIFIED, EnrollmentState.ACTIVE),
                "Keycloak wrote ACTIVE itself when it redeemed the code");
        assertEquals(Optional.empty(), PropagatedStatus.of(null, EnrollmentState.DRAFT));
        for (EnrollmentState to : new EnrollmentState[] {EnrollmentState.PHONE_VERIFIED, EnrollmentState.AWAITING_VERIFICATION}) {
            assertEquals(Optional.empty(), PropagatedStatus.of(EnrollmentState.DRAFT, to));
        }
        assertEquals(Optional.empty(), PropagatedStatus.of(EnrollmentState.AWAITING_VERIFICATION, EnrollmentState.REJECTED));
        assertEquals(Optional.empty(), PropagatedStatus.of(EnrollmentState.DRAFT, EnrollmentState.EXPIRED));
    }

    @Test
    void forgettingThePhoneIsForRevocationErasureAndReactivation() {
        assertTrue(PropagatedStatus.REACTIVATION_REQUIRED.removesDevices());
        assertTrue(PropagatedStatus.REVOKED.removesDevices());
        assertFalse(PropagatedStatus.SUSPENDED.removesDevices());
        assertFalse(PropagatedStatus.VERIFIED.removesDevices());
    }
}
