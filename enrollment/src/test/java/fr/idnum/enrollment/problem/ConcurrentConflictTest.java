package fr.idnum.enrollment.problem;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;

import jakarta.persistence.OptimisticLockException;

import org.junit.jupiter.api.Test;

class ConcurrentConflictTest {

    @Test
    void aLostRaceIsAConflictWhereverItSitsInTheCauseChain() {
        assertTrue(ProblemMappers.isConcurrentConflict(new OptimisticLockException("version changed")));
        assertTrue(ProblemMappers.isConcurrentConflict(new IllegalStateException("commit failed",
                new RuntimeException(new SQLException("duplicate key value violates unique constraint", "23505")))),
                "two enrollments started at once: the one-open-enrollment index refuses the second");
        assertTrue(ProblemMappers.isConcurrentConflict(new RuntimeException(new SQLException("deadlock detected", "40P01"))));
        assertTrue(ProblemMappers.isConcurrentConflict(new org.hibernate.StaleObjectStateException("Enrollment", "id")));
    }

    @Test
    void otherFailuresStayInternalErrors() {
        assertFalse(ProblemMappers.isConcurrentConflict(new IllegalStateException("bug")));
        assertFalse(ProblemMappers.isConcurrentConflict(new RuntimeException(new SQLException("value too long", "22001"))));
        assertFalse(ProblemMappers.isConcurrentConflict(new RuntimeException(new SQLException("no state"))));
    }
}
