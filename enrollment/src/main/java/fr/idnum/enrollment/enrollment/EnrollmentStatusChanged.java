package fr.idnum.enrollment.admin;

import java.time.Instant;
import java.util.UUID;

import fr.idnum.enrollment.audit.Actor;
import fr.idnum.enrollment.enrollment.EnrollmentState;

/**
 * CDI event fired when an administrator suspends, reinstates or revokes an enrollment: the hook that pushes
 * the new status to Keycloak (see {@code propagation.KeycloakOutbox}), so that Keycloak never has to ask this
 * service at sign-in time. Activation itself is written to Keycloak by Keycloak (it redeems the code).
 *
 * <p>Fired synchronously inside the transaction that made the change, right after the audit event: an
 * observer that writes an outbox row ({@code @Observes}) commits or rolls back with the change itself; one that
 * calls out directly must wait for the commit ({@code @Observes(during = TransactionPhase.AFTER_SUCCESS)}).
 */
public record EnrollmentStatusChanged(UUID enrollmentId, String ownerSubject, EnrollmentState from, EnrollmentState to,
                                      Actor actor, String reason, Instant occurredAt) {
}
