package fr.idnum.enrollment.enrollment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import fr.idnum.enrollment.audit.Actor;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One line of an enrollment's append-only audit trail (the database refuses updates and deletes). */
@Entity
@Table(name = "audit_event")
public class AuditEvent extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "enrollment_id")
    public UUID enrollmentId;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    public String actor;

    @Column(name = "actor_role")
    public String actorRole;

    public String action;

    @Enumerated(EnumType.STRING)
    @Column(name = "from_state")
    public EnrollmentState fromState;

    @Enumerated(EnumType.STRING)
    @Column(name = "to_state")
    public EnrollmentState toState;

    public String reason;

    /** Appends one line to an enrollment's trail (in the caller's transaction). */
    public static AuditEvent append(UUID enrollmentId, Actor actor, String action, EnrollmentState from,
                                    EnrollmentState to, String reason, Instant at) {
        AuditEvent event = new AuditEvent();
        event.id = UUID.randomUUID();
        event.enrollmentId = enrollmentId;
        event.occurredAt = at;
        event.actor = actor.id();
        event.actorRole = actor.role();
        event.action = action;
        event.fromState = from;
        event.toState = to;
        event.reason = reason;
        event.persist();
        return event;
    }

    public static List<AuditEvent> trailOf(UUID enrollmentId) {
        return list("enrollmentId = ?1 order by occurredAt, id", enrollmentId);
    }
}
