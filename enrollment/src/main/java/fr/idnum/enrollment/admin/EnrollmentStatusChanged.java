package fr.idnum.enrollment.admin;

import java.time.Instant;
import java.util.UUID;

import fr.idnum.enrollment.audit.Actor;
import fr.idnum.enrollment.enrollment.EnrollmentState;

/**
 * CDI event fired when an administrator suspends, reinstates or revokes an enrollment: the hook for pushing
 * the new status to Keycloak (disable or re-enable the {@code idnum-device} credential), so that Keycloak never
 * has to ask this service at sign-in time.
 *
 * <p>Fired synchronously inside the transaction that made the change, right after the audit event: an
 * observer that writes an outbox row ({@code @Observes}) commits or rolls back with the change itself; one that
 * calls out directly must wait for the commit ({@code @Observes(during = TransactionPhase.AFTER_SUCCESS)}).
 * Nothing observes it yet.
 */
public record EnrollmentStatusChanged(UUID enrollmentId, String ownerSubject, EnrollmentState from, EnrollmentState to,
                                      Actor actor, String reason, Instant occurredAt) {
}
