package fr.idnum.enrollment.enrollment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import fr.idnum.enrollment.support.Journeys;
import fr.idnum.enrollment.support.PostgresTestDatabase;
import fr.idnum.enrollment.support.TestClock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresTestDatabase.class)
class EnrollmentExpiryTest {

    @Inject
    Journeys journeys;
    @Inject
    EnrollmentExpiry expiry;
    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static EnrollmentState stateOf(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> Enrollment.<Enrollment>findById(id).state);
    }

    @Test
    void unverifiedEnrollmentsExpireAfterTheirLifetimeAndVerifiedOnesNever() {
        Journeys.AwaitingCheck waiting = journeys.awaitingInPersonCheck("expiry-waiting", "MATTEI", "40000001");
        Journeys.AwaitingCheck verified = journeys.verified("expiry-verified", "GIACOMETTI", "40000002");

        clock.advance(Duration.ofDays(29));
        expiry.expireOverdue();
        assertEquals(EnrollmentState.AWAITING_VERIFICATION, stateOf(waiting.enrollmentId()), "still within 30 days");

        clock.advance(Duration.ofDays(2));
        assertTrue(expiry.expireOverdue() >= 1);
        assertEquals(EnrollmentState.EXPIRED, stateOf(waiting.enrollmentId()));
        assertEquals(EnrollmentState.VERIFIED, stateOf(verified.enrollmentId()), "a verified identity does not expire");

        List<AuditEvent> trail = QuarkusTransaction.requiringNew().call(() -> AuditEvent.trailOf(waiting.enrollmentId()));
        AuditEvent last = trail.get(trail.size() - 1);
        assertEquals("expired", last.action);
        assertEquals("enrollment-expiry", last.actor);
    }
}
