package fr.idnum.enrollment.enrollment;

import java.time.Instant;
import java.util.UUID;

import fr.idnum.enrollment.audit.Actor;

/**
 * CDI event fired by {@link EnrollmentLifecycle} for every move of an enrollment (its creation included, with
 * {@code from} null): the hook that pushes what Keycloak must know to Keycloak (see
 * {@code propagation.KeycloakOutbox}, which decides which moves matter to it), so that Keycloak never has to ask
 * this service at sign-in time.
 *
 * <p>Fired synchronously inside the transaction that made the change, right after the audit event: an
 * observer that writes an outbox row ({@code @Observes}) commits or rolls back with the change itself; one that
 * calls out directly must wait for the commit ({@code @Observes(during = TransactionPhase.AFTER_SUCCESS)}).
 */
public record EnrollmentStatusChanged(UUID enrollmentId, String ownerSubject, EnrollmentState from, EnrollmentState to,
                                      Actor actor, String reason, Instant occurredAt) {
}
