package fr.idnum.enrollment.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import fr.idnum.enrollment.enrollment.AuditEvent;
import fr.idnum.enrollment.enrollment.Enrollment;
import fr.idnum.enrollment.enrollment.EnrollmentState;
import org.junit.jupiter.api.Test;

class RetentionRuleTest {

    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    private final RetentionRule rule = new RetentionRule(new RetentionConfig() {
        @Override
        public Period verifiedIdentity() {
            return Period.ofYears(7);
        }

        @Override
        public Period unverifiedIdentity() {
            return Period.ofYears(1);
        }
    });

    /** An enrollment that went through these states, one day apart; returns it with its trail. */
    private record History(Enrollment enrollment, List<AuditEvent> trail) {

        static History of(EnrollmentState... states) {
            Enrollment e = new Enrollment();
            e.id = UUID.randomUUID();
            List<AuditEvent> trail = new ArrayList<>();
            EnrollmentState from = null;
            Instant at = START;
            for (EnrollmentState to : states) {
                trail.add(event(e.id, at, from, to));
                from = to;
                at = at.plusSeconds(86_400);
            }
            e.state = from;
            e.updatedAt = at.minusSeconds(86_400);
            return new History(e, trail);
        }

        /** Adds a line that does not change the state (an administrator reading it, say) {@code days} later. */
        History read(int days) {
            trail.add(event(enrollment.id, enrollment.updatedAt.plusSeconds(days * 86_400L), enrollment.state, enrollment.state));
            return this;
        }

        private static AuditEvent event(UUID id, Instant at, EnrollmentState from, EnrollmentState to) {
            AuditEvent event = new AuditEvent();
            event.enrollmentId = id;
            event.occurredAt = at;
            event.fromState = from;
            event.toState = to;
            return event;
        }
    }

    private Optional<Instant> erasableFrom(History h) {
        return rule.erasableFrom(h.enrollment(), h.trail());
    }

    private static Instant day(int n) {
        return START.plusSeconds(n * 86_400L);
    }

    @Test
    void anOpenEnrollmentIsNeverErasable() {
        assertEquals(Optional.empty(), erasableFrom(History.of(EnrollmentState.DRAFT)));
        assertEquals(Optional.empty(), erasableFrom(History.of(EnrollmentState.DRAFT, EnrollmentState.PHONE_VERIFIED,
                EnrollmentState.AWAITING_VERIFICATION, EnrollmentState.VERIFIED, EnrollmentState.ACTIVE, EnrollmentState.SUSPENDED)));
    }

    @Test
    void aRevokedIdentityIsKeptSevenYearsFromItsRevocation() {
        History revoked = History.of(EnrollmentState.DRAFT, EnrollmentState.PHONE_VERIFIED, EnrollmentState.AWAITING_VERIFICATION,
                EnrollmentState.VERIFIED, EnrollmentState.ACTIVE, EnrollmentState.REVOKED).read(30);
        assertEquals(Optional.of(day(5)), RetentionRule.endedAt(revoked.enrollment(), revoked.trail()), "later reads do not move the end");
        assertEquals(Optional.of(Instant.parse("2033-03-06T10:00:00Z")), erasableFrom(revoked));
    }

    @Test
    void aRejectedOrExpiredIdentityIsKeptOneYear() {
        History rejected = History.of(EnrollmentState.DRAFT, EnrollmentState.PHONE_VERIFIED, EnrollmentState.AWAITING_VERIFICATION,
                EnrollmentState.REJECTED);
        assertEquals(Optional.of(Instant.parse("2027-03-04T10:00:00Z")), erasableFrom(rejected));
        History expired = History.of(EnrollmentState.DRAFT, EnrollmentState.EXPIRED).read(2);
        assertEquals(Optional.of(Instant.parse("2027-03-02T10:00:00Z")), erasableFrom(expired));
    }

    @Test
    void aSuspendedThenRevokedIdentityCountsFromTheRevocation() {
        History h = History.of(EnrollmentState.DRAFT, EnrollmentState.PHONE_VERIFIED, EnrollmentState.AWAITING_VERIFICATION,
                EnrollmentState.VERIFIED, EnrollmentState.SUSPENDED, EnrollmentState.REVOKED);
        assertEquals(Optional.of(Instant.parse("2033-03-06T10:00:00Z")), erasableFrom(h));
    }
}
