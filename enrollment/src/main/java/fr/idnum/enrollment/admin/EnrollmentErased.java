package fr.idnum.enrollment.admin;

import java.time.Instant;
import java.util.UUID;

/**
 * CDI event fired inside the transaction that erased an enrollment's identity data, for whatever else holds
 * data about it to follow: rows other packages keep (observe it with {@code @Observes} to delete them in the
 * same transaction) and the verified identity Keycloak copied onto the user at activation (observe it after
 * commit, or through an outbox, to clear those attributes). Observed by {@code propagation.KeycloakOutbox}.
 */
public record EnrollmentErased(UUID enrollmentId, String ownerSubject, Instant erasedAt) {
}
