package fr.idnum.enrollment.admin;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import fr.idnum.enrollment.activation.ActivationCode;
import fr.idnum.enrollment.audit.Actor;
import fr.idnum.enrollment.enrollment.AuditEvent;
import fr.idnum.enrollment.enrollment.Enrollment;
import fr.idnum.enrollment.enrollment.EnrollmentState;
import fr.idnum.enrollment.phone.PhoneCheck;
import fr.idnum.enrollment.problem.DomainException;

/**
 * Erases the identity data of an ended enrollment once {@link RetentionRule} allows it.
 *
 * <p>Gone: every identity column (document, names, birth, nationality, address, mobile number, e-mail), the
 * postman's visit date, the SMS check (it holds the mobile number) and the activation code (keyed hashes,
 * redemption). Kept, because the audit trail is append-only and refers to them: the enrollment's id, its
 * owner's Keycloak subject (a pseudonym, also the actor of the citizen's own audit lines), its state, dates and
 * verification mode, and the whole audit trail (who did what, when, in which state, and why). The trail holds
 * no identity data by construction (subjects of Keycloak accounts, roles, actions, states), except in its
 * free-text reasons (an agent's or the remote provider's rejection reason, an administrator's reason), which the
 * append-only trigger keeps past erasure: those must never repeat the citizen's identity. The database refuses
 * a partial erasure, or one of an open enrollment.
 */
@ApplicationScoped
public class IdentityErasure {

    private final RetentionRule retention;
    private final Event<EnrollmentErased> erased;
    private final Clock clock;

    IdentityErasure(RetentionRule retention, Event<EnrollmentErased> erased, Clock clock) {
        this.retention = retention;
        this.erased = erased;
        this.clock = clock;
    }

    /** The enrollment whose identity was erased, and when. */
    public record Erased(UUID id, EnrollmentState state, Instant erasedAt) {
    }

    @Transactional
    public Erased erase(UUID id, Actor admin, String reason) {
        Enrollment enrollment = AdminEnrollmentService.existing(id, LockModeType.PESSIMISTIC_WRITE);
        List<AuditEvent> trail = AuditEvent.trailOf(id);
        if (enrollment.identity == null) {
            throw new DomainException(409, "already-erased", "Already erased", "The identity data of this enrollment is already erased.");
        }
        Instant now = clock.instant();
        Instant erasableFrom = retention.erasableFrom(enrollment, trail).orElseThrow(() -> new DomainException(409,
                "enrollment-open", "Enrollment still open",
                "An enrollment in state " + enrollment.state + " is open: revoke it first; its data is then kept for the retention period."));
        if (now.isBefore(erasableFrom)) {
            throw new DomainException(409, "retention-running", "Retention period running",
                    "The identity data of this enrollment must be kept until " + erasableFrom.atOffset(ZoneOffset.UTC).toLocalDate()
                            + " (" + retention.periodFor(trail) + " after it ended, "
                            + (RetentionRule.wasVerified(trail) ? "verified" : "never verified") + " identity).");
        }
        enrollment.identity = null;
        enrollment.postmanVisitDate = null;
        PhoneCheck.deleteById(id);
        ActivationCode.deleteById(id);
        AdminAudit.record(enrollment, admin, AdminAudit.ERASE, reason, now);
        erased.fire(new EnrollmentErased(id, enrollment.ownerSubject, now));
        return new Erased(id, enrollment.state, now);
    }
}
