package fr.idnum.enrollment.admin;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import fr.idnum.enrollment.enrollment.AuditEvent;
import fr.idnum.enrollment.enrollment.Enrollment;
import fr.idnum.enrollment.enrollment.EnrollmentState;

/**
 * When the identity data of an enrollment may be erased.
 *
 * <p>Never while the enrollment is open (DRAFT to ACTIVE, or SUSPENDED): it is in use, or may be again. A
 * citizen who wants their data gone while their identity is in force has it revoked first; the data then
 * stays for the retention period, a legal obligation that GDPR article 17(3)(b) puts before erasure.
 *
 * <p>Once ended (REJECTED, EXPIRED, REVOKED), the period is counted from the transition into that final state,
 * as the append-only audit trail records it, and depends on whether the identity was ever VERIFIED:
 * <ul>
 *     <li>verified ({@link RetentionConfig#verifiedIdentity()}, default 7 years): the identity may have been
 *     relied upon by public services at eIDAS level "substantial"; the provider must be able to show how it
 *     was proven long after the fact (disputed sign-ins, fraud, supervision), and the citizen was told 7 years
 *     (the seeds' privacy notice: "conservées pendant 7 ans ... (eIDAS)");</li>
 *     <li>never verified ({@link RetentionConfig#unverifiedIdentity()}, default 1 year): nobody ever relied on
 *     it, so data minimisation wins; a year covers a contested rejection and a fraud report (someone trying
 *     another person's identity), far shorter than the 7 years of evidence.</li>
 * </ul>
 * The audit trail itself is not erased (see {@link IdentityErasure}).
 */
@ApplicationScoped
public class RetentionRule {

    private final RetentionConfig config;

    RetentionRule(RetentionConfig config) {
        this.config = config;
    }

    /** When the enrollment ended, or empty while it is open. */
    public static Optional<Instant> endedAt(Enrollment enrollment, List<AuditEvent> trail) {
        if (!enrollment.state.isFinal()) {
            return Optional.empty();
        }
        return trail.stream()
                .filter(e -> e.toState == enrollment.state && e.fromState != null && e.fromState != e.toState)
                .map(e -> e.occurredAt)
                .findFirst()
                .or(() -> Optional.of(enrollment.updatedAt));
    }

    /** Whether the identity was ever proven (by an agent or a remote check). */
    public static boolean wasVerified(List<AuditEvent> trail) {
        return trail.stream().anyMatch(e -> e.toState == EnrollmentState.VERIFIED);
    }

    /** The retention period that applies to an ended enrollment with this trail. */
    public Period periodFor(List<AuditEvent> trail) {
        return wasVerified(trail) ? config.verifiedIdentity() : config.unverifiedIdentity();
    }

    /** From when the identity data may be erased, or empty while the enrollment is open. */
    public Optional<Instant> erasableFrom(Enrollment enrollment, List<AuditEvent> trail) {
        return endedAt(enrollment, trail)
                .map(ended -> ended.atOffset(ZoneOffset.UTC).plus(periodFor(trail)).toInstant());
    }
}
