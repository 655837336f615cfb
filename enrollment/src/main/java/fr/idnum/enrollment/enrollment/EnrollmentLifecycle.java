package fr.idnum.enrollment.enrollment;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import fr.idnum.enrollment.audit.Actor;
import fr.idnum.enrollment.identity.IdentityData;

/**
 * The only code that changes an enrollment's state. Each change runs in the caller's transaction together
 * with its audit event, so a state without its audit line (or the reverse) can never be committed, and is
 * announced as an {@link EnrollmentStatusChanged} inside that transaction (whatever made it: the citizen, an
 * agent, the verification provider, Keycloak, the expiry job or an administrator).
 */
@ApplicationScoped
public class EnrollmentLifecycle {

    private final Clock clock;
    private final EnrollmentConfig config;
    private final Event<EnrollmentStatusChanged> changed;

    EnrollmentLifecycle(Clock clock, EnrollmentConfig config, Event<EnrollmentStatusChanged> changed) {
        this.clock = clock;
        this.config = config;
        this.changed = changed;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Enrollment start(Actor citizen, IdentityData identity) {
        Instant now = clock.instant();
        Enrollment enrollment = new Enrollment();
        enrollment.id = UUID.randomUUID();
        enrollment.ownerSubject = citizen.id();
        enrollment.state = EnrollmentState.DRAFT;
        enrollment.createdAt = now;
        enrollment.updatedAt = now;
        enrollment.expiresAt = now.plus(config.unverifiedLifetime());
        enrollment.identity = identity;
        enrollment.persist();
        audit(enrollment, citizen, "start", null, EnrollmentState.DRAFT, null, now);
        changed.fire(new EnrollmentStatusChanged(enrollment.id, enrollment.ownerSubject, null, EnrollmentState.DRAFT,
                citizen, null, now));
        return enrollment;
    }

    /** Moves the enrollment to {@code to}, or throws {@link IllegalTransitionException} having changed nothing. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void move(Enrollment enrollment, EnrollmentState to, Actor actor, String action, String reason) {
        EnrollmentState from = enrollment.state;
        if (!from.canMoveTo(to)) {
            throw new IllegalTransitionException(from, to);
        }
        Instant now = clock.instant();
        enrollment.state = to;
        enrollment.updatedAt = now;
        if (!to.isUnverified()) {
            enrollment.expiresAt = null;
        }
        audit(enrollment, actor, action, from, to, reason, now);
        changed.fire(new EnrollmentStatusChanged(enrollment.id, enrollment.ownerSubject, from, to, actor, reason, now));
    }

    /** Records an action that does not change the state (from = to = the current state). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void note(Enrollment enrollment, Actor actor, String action, String reason) {
        audit(enrollment, actor, action, enrollment.state, enrollment.state, reason, clock.instant());
    }

    private static void audit(Enrollment enrollment, Actor actor, String action, EnrollmentState from,
                              EnrollmentState to, String reason, Instant now) {
        AuditEvent.append(enrollment.id, actor, action, from, to, reason, now);
    }
}
