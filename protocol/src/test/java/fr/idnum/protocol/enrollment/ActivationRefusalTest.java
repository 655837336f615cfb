package fr.idnum.protocol.enrollment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import fr.idnum.protocol.ProblemTypes;
import org.junit.jupiter.api.Test;

class ActivationRefusalTest {

    @Test
    void eachRefusalIsReadBackFromItsProblemType() {
        for (ActivationRefusal refusal : ActivationRefusal.values()) {
            assertEquals(Optional.of(refusal), ActivationRefusal.ofType(ProblemTypes.type(refusal.problem())));
        }
    }

    @Test
    void aTypeOfAnotherBaseOrNameIsNoRefusalOfTheContract() {
        assertTrue(ActivationRefusal.ofType("https://elsewhere.example/problems/wrong-code").isEmpty());
        assertTrue(ActivationRefusal.ofType(ProblemTypes.type("validation")).isEmpty());
        assertTrue(ActivationRefusal.ofType(null).isEmpty());
        assertTrue(ActivationRefusal.ofType("about:blank").isEmpty());
    }

    @Test
    void theStatusUpdateSaysWhatEachStatusRemoves() {
        assertEquals(new StatusUpdate(EnrollmentStatus.ERASED, true, true), StatusUpdate.of(EnrollmentStatus.ERASED));
        assertEquals(new StatusUpdate(EnrollmentStatus.SUSPENDED, false, false), StatusUpdate.of(EnrollmentStatus.SUSPENDED));
        assertEquals(new StatusUpdate(EnrollmentStatus.REACTIVATION_REQUIRED, true, false),
                StatusUpdate.of(EnrollmentStatus.REACTIVATION_REQUIRED));
        assertTrue(EnrollmentStatus.allowsSignIn(null));
        assertTrue(EnrollmentStatus.allowsSignIn("ACTIVE"));
        assertEquals(false, EnrollmentStatus.allowsSignIn("SUSPENDED"));
    }
}
