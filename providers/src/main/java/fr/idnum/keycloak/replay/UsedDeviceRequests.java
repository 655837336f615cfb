package fr.idnum.keycloak.replay;

import java.time.Instant;

import jakarta.persistence.EntityManager;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;

/**
 * The database's record of the device requests that changed something ({@link UsedDeviceRequest}), written in the
 * request's own transaction: the request's change and its {@code jti} commit together, or neither does.
 */
public final class UsedDeviceRequests {

    private final KeycloakSession session;

    private UsedDeviceRequests(KeycloakSession session) {
        this.session = session;
    }

    public static UsedDeviceRequests of(KeycloakSession session) {
        return new UsedDeviceRequests(session);
    }

    /**
     * Records {@code jti} within {@code scope} until {@code expiresAt}; false when it is already recorded. The insert
     * is flushed at once, so that a second use is known here rather than at commit, after the change was answered.
     * A second use leaves the transaction to be rolled back (PostgreSQL refuses any further statement in it anyway):
     * nothing this request wrote before is kept, and its caller must write nothing after.
     */
    public boolean record(String scope, String jti, Instant expiresAt) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        try {
            em.persist(new UsedDeviceRequest(scope, jti, expiresAt.toEpochMilli()));
            em.flush();
            return true;
        } catch (ModelDuplicateException duplicate) {
            session.getTransactionManager().setRollbackOnly();
            return false;
        }
    }

    /** Deletes the rows of requests that could no longer be accepted at {@code now}; returns how many. */
    int purgeExpired(Instant now) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        return em.createQuery("delete from IdnumUsedDeviceRequest u where u.expiresAt < :now")
                .setParameter("now", now.toEpochMilli()).executeUpdate();
    }
}
