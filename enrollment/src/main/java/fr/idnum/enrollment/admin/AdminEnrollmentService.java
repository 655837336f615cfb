package fr.idnum.enrollment.admin;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import fr.idnum.enrollment.activation.ActivationCode;
import fr.idnum.enrollment.activation.ActivationService;
import fr.idnum.enrollment.activation.CodeDelivery;
import fr.idnum.enrollment.audit.Actor;
import fr.idnum.enrollment.enrollment.AuditEvent;
import fr.idnum.enrollment.enrollment.Enrollment;
import fr.idnum.enrollment.enrollment.EnrollmentLifecycle;
import fr.idnum.enrollment.enrollment.EnrollmentState;
import fr.idnum.enrollment.problem.DomainException;

/**
 * What an administrator does to one enrollment. State changes go through {@link EnrollmentLifecycle} (which
 * audits and announces them); every other action, reads of personal data included, leaves its own audit line
 * (see {@link AdminAudit}).
 */
@ApplicationScoped
public class AdminEnrollmentService {

    private final EnrollmentLifecycle lifecycle;
    private final ActivationService activation;
    private final RetentionRule retention;
    private final Clock clock;

    AdminEnrollmentService(EnrollmentLifecycle lifecycle, ActivationService activation, RetentionRule retention,
                           Clock clock) {
        this.lifecycle = lifecycle;
        this.activation = activation;
        this.retention = retention;
        this.clock = clock;
    }

    @Transactional
    public EnrollmentSearch.Results search(EnrollmentSearch search, int page, int size) {
        return search.page(page, size);
    }

    @Transactional
    public EnrollmentDetails view(UUID id, Actor admin) {
        Enrollment enrollment = existing(id, LockModeType.NONE);
        AdminAudit.record(enrollment, admin, AdminAudit.VIEW, null, clock.instant());
        return details(enrollment, AuditEvent.trailOf(id));
    }

    @Transactional
    public List<AuditEntry> trail(UUID id, Actor admin) {
        Enrollment enrollment = existing(id, LockModeType.NONE);
        AdminAudit.record(enrollment, admin, AdminAudit.READ_TRAIL, null, clock.instant());
        return AuditEvent.trailOf(id).stream().map(AuditEntry::of).toList();
    }

    /** The citizen's data and the whole trail, this export included; {@code reason}: e.g. the request's reference. */
    @Transactional
    public PersonalDataExport export(UUID id, Actor admin, String reason) {
        Enrollment enrollment = existing(id, LockModeType.NONE);
        Instant now = clock.instant();
        AdminAudit.record(enrollment, admin, AdminAudit.EXPORT, reason, now);
        List<AuditEvent> trail = AuditEvent.trailOf(id);
        return new PersonalDataExport(now, details(enrollment, trail), trail.stream().map(AuditEntry::forCitizen).toList());
    }

    @Transactional
    public EnrollmentState suspend(UUID id, Actor admin, String reason) {
        return move(existing(id, LockModeType.PESSIMISTIC_WRITE), EnrollmentState.SUSPENDED, admin, AdminAudit.SUSPEND, reason);
    }

    /**
     * Lifts a suspension: back to the state the enrollment was suspended from — ACTIVE (the citizen's phone signs
     * again) or VERIFIED (suspended before any phone was activated: the citizen may activate one).
     */
    @Transactional
    public EnrollmentState reinstate(UUID id, Actor admin, String reason) {
        Enrollment enrollment = existing(id, LockModeType.PESSIMISTIC_WRITE);
        EnrollmentState to = enrollment.state == EnrollmentState.SUSPENDED
                ? suspendedFrom(AuditEvent.trailOf(id))
                : EnrollmentState.ACTIVE; // refused below as an illegal transition, naming the current state
        return move(enrollment, to, admin, AdminAudit.REINSTATE, reason);
    }

    @Transactional
    public EnrollmentState revoke(UUID id, Actor admin, String reason) {
        return move(existing(id, LockModeType.PESSIMISTIC_WRITE), EnrollmentState.REVOKED, admin, AdminAudit.REVOKE, reason);
    }

    /** A fresh activation code, and how it reaches the citizen once committed. */
    public record Reissued(UUID id, EnrollmentState state, Instant expiresAt, CodeDelivery delivery) {
    }

    /**
     * "Re-activation required": the citizen lost or replaced the activated phone. The identity stays verified
     * (ACTIVE → VERIFIED), Keycloak forgets the device credentials (outbox), and a new activation code is posted to
     * the verified address — never texted: the lost phone's number may be in a thief's hands (its SIM) — and works
     * only after the cooling-off.
     */
    @Transactional
    public Reissued requireReactivation(UUID id, Actor admin, String reason) {
        Enrollment enrollment = existing(id, LockModeType.PESSIMISTIC_WRITE);
        move(enrollment, EnrollmentState.VERIFIED, admin, AdminAudit.REQUIRE_REACTIVATION, reason);
        return reissued(enrollment, admin, new CodeDelivery.Post(activation.issueByLetter(enrollment), enrollment.identity.email));
    }

    /**
     * Replaces the activation code (the previous one dies, the attempt counter restarts), for a citizen who lost
     * theirs or exhausted its attempts. Only before activation, and only where a code exists: a remote check
     * still under way issues its code when it succeeds. A code that had been posted is posted again.
     */
    @Transactional
    public Reissued reissueActivationCode(UUID id, Actor admin, String reason) {
        Enrollment enrollment = existing(id, LockModeType.PESSIMISTIC_WRITE);
        if (enrollment.state != EnrollmentState.VERIFIED && enrollment.state != EnrollmentState.AWAITING_VERIFICATION) {
            throw new DomainException(409, "code-not-reissuable", "No code to reissue",
                    "An activation code is only reissued while the identity awaits its check or is verified (state "
                            + enrollment.state + ").");
        }
        if (ActivationCode.findById(id) == null) {
            throw new DomainException(409, "no-activation-code", "No activation code yet",
                    "This enrollment has no activation code yet: a remote check sends it once the identity is verified.");
        }
        AdminAudit.record(enrollment, admin, AdminAudit.REISSUE_ACTIVATION_CODE, reason, clock.instant());
        return reissued(enrollment, admin, activation.replacement(enrollment));
    }

    private Reissued reissued(Enrollment enrollment, Actor admin, CodeDelivery delivery) {
        if (delivery instanceof CodeDelivery.Post) {
            lifecycle.note(enrollment, admin, "activation-code-posted", null);
        }
        ActivationCode issued = ActivationCode.findById(enrollment.id);
        return new Reissued(enrollment.id, enrollment.state, issued.expiresAt, delivery);
    }

    private EnrollmentState move(Enrollment enrollment, EnrollmentState to, Actor admin, String action, String reason) {
        lifecycle.move(enrollment, to, admin, action, reason);
        return to;
    }

    EnrollmentDetails details(Enrollment enrollment, List<AuditEvent> trail) {
        Instant erasedAt = trail.stream().filter(e -> AdminAudit.ERASE.equals(e.action)).map(e -> e.occurredAt)
                .findFirst().orElse(null);
        EnrollmentDetails.Retention status = new EnrollmentDetails.Retention(
                RetentionRule.endedAt(enrollment, trail).orElse(null),
                retention.erasableFrom(enrollment, trail).orElse(null), erasedAt);
        return EnrollmentDetails.of(enrollment, ActivationCode.findById(enrollment.id), status);
    }

    /** The state the latest suspension left (the trail is in order of occurrence). */
    private static EnrollmentState suspendedFrom(List<AuditEvent> trail) {
        for (int i = trail.size() - 1; i >= 0; i--) {
            AuditEvent event = trail.get(i);
            if (event.toState == EnrollmentState.SUSPENDED && event.fromState != EnrollmentState.SUSPENDED) {
                return event.fromState;
            }
        }
        throw new IllegalStateException("A suspended enrollment without its suspension in the audit trail");
    }

    static Enrollment existing(UUID id, LockModeType lock) {
        Optional<Enrollment> found = lock == LockModeType.NONE ? Enrollment.findByIdOptional(id) : Enrollment.findByIdOptional(id, lock);
        return found.orElseThrow(() -> DomainException.noEnrollment("No such enrollment."));
    }
}
