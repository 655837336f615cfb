package fr.idnum.enrollment.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

class DatabaseUnavailableTest {

    @Test
    void aConnectionFailureIsRecognisedAsACauseOrAsASuppressedException() {
        assertTrue(DatabaseUnavailable.isCause(new RuntimeException(new SQLException("I/O error", "08006"))));
        assertTrue(DatabaseUnavailable.isCause(new RuntimeException(new SQLException("the database system is starting up", "57P03"))));
        assertTrue(DatabaseUnavailable.isCause(new RuntimeException(new SQLException("Sorry, acquisition timeout!"))));
        // A commit on a dead connection: Narayana's RollbackException carries the driver's failure as suppressed.
        IllegalStateException commit = new IllegalStateException("ARJUNA016053: Could not commit transaction.");
        commit.addSuppressed(new SQLException("An I/O error occurred while sending to the backend.", "08006"));
        assertTrue(DatabaseUnavailable.isCause(new RuntimeException(commit)));
        assertEquals("SQLException (SQLSTATE 08006)", DatabaseUnavailable.describe(new RuntimeException(commit)));
    }

    @Test
    void otherDatabaseFailuresAreNotUnavailability() {
        assertFalse(DatabaseUnavailable.isCause(new RuntimeException(new SQLException("duplicate key", "23505"))));
        assertFalse(DatabaseUnavailable.isCause(new RuntimeException(new SQLException("value too long", "22001"))));
        assertFalse(DatabaseUnavailable.isCause(new RuntimeException(new SQLException("no state"))));
        assertFalse(DatabaseUnavailable.isCause(new IllegalStateException("bug")));
    }

    @Test
    void theDescriptionNeverCarriesTheDriversMessage() {
        String described = DatabaseUnavailable.describe(new RuntimeException(new SQLException("select * from enrollment where x = 'secret'", "08003")));
        assertEquals("SQLException (SQLSTATE 08003)", described);
    }
}
