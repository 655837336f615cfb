package fr.idnum.enrollment.enrollment;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EnrollmentStateTest {

    @Test
    void followsTheLifecycleForward() {
        assertTrue(EnrollmentState.DRAFT.canMoveTo(EnrollmentState.PHONE_VERIFIED));
        assertTrue(EnrollmentState.PHONE_VERIFIED.canMoveTo(EnrollmentState.AWAITING_VERIFICATION));
        assertTrue(EnrollmentState.AWAITING_VERIFICATION.canMoveTo(EnrollmentState.VERIFIED));
        assertTrue(EnrollmentState.VERIFIED.canMoveTo(EnrollmentState.ACTIVE));
        assertTrue(EnrollmentState.ACTIVE.canMoveTo(EnrollmentState.SUSPENDED));
        assertTrue(EnrollmentState.SUSPENDED.canMoveTo(EnrollmentState.ACTIVE));
    }

    @Test
    void aSuspensionEndsWhereItBeganOrInRevocation() {
        assertTrue(EnrollmentState.VERIFIED.canMoveTo(EnrollmentState.SUSPENDED));
        assertTrue(EnrollmentState.SUSPENDED.canMoveTo(EnrollmentState.VERIFIED));
        assertTrue(EnrollmentState.SUSPENDED.canMoveTo(EnrollmentState.REVOKED));
        assertFalse(EnrollmentState.SUSPENDED.canMoveTo(EnrollmentState.AWAITING_VERIFICATION));
        assertFalse(EnrollmentState.SUSPENDED.canMoveTo(EnrollmentState.EXPIRED));
        assertFalse(EnrollmentState.SUSPENDED.isUnverified(), "a suspended enrollment does not expire");
    }

    @Test
    void neverSkipsAStepNorLeavesAFinalState() {
        assertFalse(EnrollmentState.DRAFT.canMoveTo(EnrollmentState.VERIFIED));
        assertFalse(EnrollmentState.PHONE_VERIFIED.canMoveTo(EnrollmentState.ACTIVE));
        assertFalse(EnrollmentState.AWAITING_VERIFICATION.canMoveTo(EnrollmentState.ACTIVE));
        assertFalse(EnrollmentState.VERIFIED.canMoveTo(EnrollmentState.EXPIRED), "a verified identity no longer expires");
        for (EnrollmentState terminal : new EnrollmentState[] {EnrollmentState.REJECTED, EnrollmentState.EXPIRED, EnrollmentState.REVOKED}) {
            assertTrue(terminal.isFinal());
            for (EnrollmentState any : EnrollmentState.values()) {
                assertFalse(terminal.canMoveTo(any), terminal + " -> " + any);
            }
        }
    }
}
