package fr.idnum.enrollment.propagation;

import java.time.Clock;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import fr.idnum.protocol.enrollment.EnrollmentStatus;
import fr.idnum.enrollment.admin.EnrollmentErased;
import fr.idnum.enrollment.enrollment.EnrollmentStatusChanged;
import org.jboss.logging.Logger;

/**
 * Writes what Keycloak must learn into {@code keycloak_outbox}, in the very transaction that changed the
 * enrollment (plain {@code @Observes}, not after commit): the row commits or rolls back with the change, so a
 * change is never lost, and a refused or rolled back one is never propagated. {@link KeycloakPropagation}
 * delivers the rows.
 */
@ApplicationScoped
public class KeycloakOutbox {

    private static final Logger LOG = Logger.getLogger(KeycloakOutbox.class);

    private final Clock clock;

    KeycloakOutbox(Clock clock) {
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void on(@Observes EnrollmentStatusChanged change) {
        PropagatedStatus.of(change.from(), change.to()).ifPresentOrElse(
                status -> enqueue(change.enrollmentId(), change.ownerSubject(), status),
                () -> LOG.debugf("Enrollment %s moved to %s: nothing for Keycloak", change.enrollmentId(), change.to()));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void on(@Observes EnrollmentErased erased) {
        enqueue(erased.enrollmentId(), erased.ownerSubject(), EnrollmentStatus.ERASED);
    }

    private void enqueue(UUID enrollmentId, String subject, EnrollmentStatus status) {
        KeycloakOutboxEntry.pending(enrollmentId, subject, status, clock.instant()).persist();
        LOG.debugf("Enrollment %s: %s queued for Keycloak", enrollmentId, status);
    }
}
