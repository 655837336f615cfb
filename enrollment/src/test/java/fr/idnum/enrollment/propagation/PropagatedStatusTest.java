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
    }

    @Test
    void forgettingThePhoneIsForRevocationErasureAndReactivation() {
        assertTrue(PropagatedStatus.REACTIVATION_REQUIRED.removesDevices());
        assertTrue(PropagatedStatus.REVOKED.removesDevices());
        assertFalse(PropagatedStatus.SUSPENDED.removesDevices());
    }
}
