package fr.idnum.enrollment.enrollment;

import java.time.Clock;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import fr.idnum.enrollment.audit.Actor;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import org.jboss.logging.Logger;

/**
 * Expires enrollments left unverified past their deadline (see {@link EnrollmentConfig#unverifiedLifetime()}),
 * in small batches so a backlog never holds one long transaction. Safe to run on every replica at once:
 * each row is locked and skipped by the others ({@code SKIP LOCKED}).
 */
@ApplicationScoped
public class EnrollmentExpiry {

    private static final Logger LOG = Logger.getLogger(EnrollmentExpiry.class);
    static final int BATCH = 200;
    static final Actor EXPIRY = Actor.system("enrollment-expiry");

    private final EnrollmentLifecycle lifecycle;
    private final Clock clock;

    EnrollmentExpiry(EnrollmentLifecycle lifecycle, Clock clock) {
        this.lifecycle = lifecycle;
        this.clock = clock;
    }

    @Scheduled(every = "${idnum.enrollment.expiry-check-interval:10m}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        int expired;
        try {
            expired = expireOverdue();
        } catch (RuntimeException e) {
            if (!fr.idnum.enrollment.problem.DatabaseUnavailable.isCause(e)) {
                throw e;
            }
            LOG.warnf("Expiry of unverified enrollments postponed to the next run: database unreachable, %s",
                    fr.idnum.enrollment.problem.DatabaseUnavailable.describe(e));
            return;
        }
        if (expired > 0) {
            LOG.infof("Expired %d unverified enrollment(s)", expired);
        }
    }

    /** Expires every overdue enrollment; returns how many. */
    public int expireOverdue() {
        int total = 0;
        int batch;
        do {
            batch = QuarkusTransaction.requiringNew().call(this::expireBatch);
            total += batch;
        } while (batch == BATCH);
        return total;
    }

    private int expireBatch() {
        @SuppressWarnings("unchecked")
        List<Enrollment> overdue = Enrollment.getEntityManager()
                .createNativeQuery("select * from enrollment where state in ('DRAFT', 'PHONE_VERIFIED', 'AWAITING_VERIFICATION')"
                        + " and expires_at <= :now order by expires_at limit :batch for update skip locked", Enrollment.class)
                .setParameter("now", clock.instant())
                .setParameter("batch", BATCH)
                .getResultList();
        for (Enrollment enrollment : overdue) {
            lifecycle.move(enrollment, EnrollmentState.EXPIRED, EXPIRY, "expired", "not verified within the allowed time");
        }
        return overdue.size();
    }
}
