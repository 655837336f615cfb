package fr.idnum.enrollment.admin;

import java.time.Instant;

import fr.idnum.enrollment.audit.Actor;
import fr.idnum.enrollment.enrollment.AuditEvent;
import fr.idnum.enrollment.enrollment.EnrollmentState;

/** One line of an enrollment's audit trail. */
public record AuditEntry(Instant occurredAt, String actor, String actorRole, String action, EnrollmentState fromState,
                         EnrollmentState toState, String reason) {

    static AuditEntry of(AuditEvent e) {
        return new AuditEntry(e.occurredAt, e.actor, e.actorRole, e.action, e.fromState, e.toState, e.reason);
    }

    /**
     * The line as the citizen receives it: the staff member's identifier is left out (GDPR art. 15(4): the copy
     * must not adversely affect others), their role, the action and its reason are kept.
     */
    static AuditEntry forCitizen(AuditEvent e) {
        String actor = Actor.CITIZEN.equals(e.actorRole) ? e.actor : null;
        return new AuditEntry(e.occurredAt, actor, e.actorRole, e.action, e.fromState, e.toState, e.reason);
    }
}
