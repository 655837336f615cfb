package fr.idnum.enrollment.propagation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import org.jboss.logging.Logger;

/**
 * Delivers the rows of {@code keycloak_outbox} to Keycloak ({@link KeycloakAdminClient}), in small batches.
 *
 * <ul>
 *   <li>Safe on every replica at once: a batch locks its rows ({@code FOR UPDATE SKIP LOCKED}) for the time of the
 *   calls, so each row is delivered by one dispatcher.</li>
 *   <li>In order: a subject's rows go oldest first, one at a time (a row waits while an older one of the same
 *   subject is undelivered), so a suspension retried after the reinstatement that followed it can never win.</li>
 *   <li>Never lost: a failed row is retried after {@link KeycloakConfig#firstRetryDelay()}, doubling up to
 *   {@link KeycloakConfig#maxRetryDelay()}, without limit; {@code last_error} says why (no personal data).
 *   When Keycloak as a whole is out of reach, the batch stops at its first failure instead of waiting on every
 *   row.</li>
 *   <li>A user Keycloak no longer has counts as delivered (there is nothing to propagate to), and is logged.</li>
 *   <li>A row about an enrollment that a newer, activated enrollment of the same citizen has replaced is
 *   delivered without calling Keycloak: the user's status and device are the newer enrollment's now (revoking or
 *   erasing the old one must not delete the new phone).</li>
 * </ul>
 *
 * A delivery is at least once: if the commit fails after Keycloak did the work, the row is sent again, which
 * the idempotent calls make harmless.
 *
 * <p>Metrics (Prometheus): {@code idnum_keycloak_propagations_total{outcome}} (delivered, skipped: nothing to send,
 * failed: to retry), and after each dispatch {@code idnum_keycloak_outbox_pending} (undelivered rows) and
 * {@code idnum_keycloak_outbox_oldest_pending_seconds}: a backlog that only grows means Keycloak refuses or is out of
 * reach, and citizens' suspensions are not in force — alert on it.
 */
@ApplicationScoped
@Startup // its meters exist from the start, so that an alert on them never sees "no data"
public class KeycloakPropagation {

    private static final Logger LOG = Logger.getLogger(KeycloakPropagation.class);
    static final int BATCH = 10;
    /** Worst case of one batch: a token and four calls per row, each bounded by the request timeout. */
    static final int BATCH_TRANSACTION_TIMEOUT_SECONDS = 600;

    private final KeycloakAdminClient keycloak;
    private final KeycloakConfig config;
    private final Clock clock;
    private final Counter deliveredCount;
    private final Counter skippedCount;
    private final Counter failedCount;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicReference<Instant> oldestPending = new AtomicReference<>();

    KeycloakPropagation(KeycloakAdminClient keycloak, KeycloakConfig config, Clock clock, MeterRegistry registry) {
        this.keycloak = keycloak;
        this.config = config;
        this.clock = clock;
        this.deliveredCount = propagations(registry, "delivered");
        this.skippedCount = propagations(registry, "skipped");
        this.failedCount = propagations(registry, "failed");
        Gauge.builder("idnum.keycloak.outbox.pending", pending, AtomicLong::get)
                .description("Rows of keycloak_outbox not delivered yet, as of the last dispatch").register(registry);
        Gauge.builder("idnum.keycloak.outbox.oldest.pending", this, KeycloakPropagation::oldestPendingSeconds)
                .baseUnit("seconds").description("Age of the oldest undelivered row of keycloak_outbox").register(registry);
    }

    private static Counter propagations(MeterRegistry registry, String outcome) {
        return Counter.builder("idnum.keycloak.propagations").tag("outcome", outcome)
                .description("Rows of keycloak_outbox handled, by outcome").register(registry);
    }

    private double oldestPendingSeconds() {
        Instant oldest = oldestPending.get();
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toSeconds());
    }

    /** What one dispatch did. */
    public record Dispatched(int delivered, int failed) {
        Dispatched plus(Dispatched other) {
            return new Dispatched(delivered + other.delivered, failed + other.failed);
        }
    }

    private record Batch(Dispatched result, int picked, boolean keycloakUnavailable) {
    }

    @Scheduled(every = "${idnum.keycloak.propagation-interval:15s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        Dispatched done;
        try {
            done = dispatchDue();
        } catch (RuntimeException e) {
            if (!fr.idnum.enrollment.problem.DatabaseUnavailable.isCause(e)) {
                throw e;
            }
            // Nothing was marked delivered: the rows wait in the database and go at the first run after it is back.
            LOG.warnf("Keycloak propagation postponed to the next run: database unreachable, %s",
                    fr.idnum.enrollment.problem.DatabaseUnavailable.describe(e));
            return;
        }
        if (done.delivered() > 0 || done.failed() > 0) {
            LOG.infof("Keycloak propagation: %d delivered, %d to retry", done.delivered(), done.failed());
        }
    }

    /**
     * Delivers every row that is due, batch after batch, until none is left or Keycloak is out of reach. A
     * subject's next row becomes due in the batch after the one that delivered its previous row.
     */
    public Dispatched dispatchDue() {
        Dispatched total = new Dispatched(0, 0);
        Batch batch;
        do {
            batch = QuarkusTransaction.requiringNew().timeout(BATCH_TRANSACTION_TIMEOUT_SECONDS).call(this::dispatchBatch);
            total = total.plus(batch.result());
        } while (batch.picked() > 0 && !batch.keycloakUnavailable());
        QuarkusTransaction.requiringNew().run(this::measureBacklog);
        return total;
    }

    private void measureBacklog() {
        Object[] backlog = KeycloakOutboxEntry.getEntityManager().createQuery(
                        "select count(o), min(o.createdAt) from KeycloakOutboxEntry o where o.deliveredAt is null", Object[].class)
                .getSingleResult();
        pending.set((Long) backlog[0]);
        oldestPending.set((Instant) backlog[1]);
    }

    private Batch dispatchBatch() {
        Instant now = clock.instant();
        @SuppressWarnings("unchecked")
        List<KeycloakOutboxEntry> due = KeycloakOutboxEntry.getEntityManager().createNativeQuery(
                        "select o.id, o.enrollment_id, o.subject, o.status, o.created_at, o.attempts, o.next_attempt_at,"
                                + " o.last_error, o.delivered_at from keycloak_outbox o"
                                + " where o.delivered_at is null and o.next_attempt_at <= :now"
                                + " and not exists (select 1 from keycloak_outbox older where older.subject = o.subject"
                                + " and older.delivered_at is null and older.seq < o.seq)"
                                + " order by o.next_attempt_at, o.seq limit :batch for update of o skip locked",
                        KeycloakOutboxEntry.class)
                .setParameter("now", now)
                .setParameter("batch", BATCH)
                .getResultList();
        int delivered = 0;
        int failed = 0;
        String token = null;
        for (KeycloakOutboxEntry entry : due) {
            try {
                lockEnrollment(entry);
                if (replacedByNewerEnrollment(entry)) {
                    entry.delivered(clock.instant(), "not sent: a newer activated enrollment of this user is in force");
                    skippedCount.increment();
                    LOG.infof("Keycloak propagation %s (enrollment %s, %s) not sent: a newer activated enrollment is in force",
                            entry.id, entry.enrollmentId, entry.status);
                    delivered++;
                    continue;
                }
                if (overtakenByActivation(entry)) {
                    entry.delivered(clock.instant(), "not sent: the citizen activated a phone since; Keycloak holds the newer state");
                    skippedCount.increment();
                    LOG.infof("Keycloak propagation %s (enrollment %s, %s) not sent: a phone was activated since",
                            entry.id, entry.enrollmentId, entry.status);
                    delivered++;
                    continue;
                }
                if (token == null) {
                    token = keycloak.token();
                }
                KeycloakAdminClient.Outcome outcome = keycloak.propagate(token, entry.subject, entry.status);
                if (outcome == KeycloakAdminClient.Outcome.NO_SUCH_USER) {
                    entry.delivered(clock.instant(), "no such user in Keycloak: nothing to propagate");
                    skippedCount.increment();
                    LOG.warnf("Keycloak propagation %s (enrollment %s, %s): Keycloak has no such user, nothing to propagate",
                            entry.id, entry.enrollmentId, entry.status);
                } else {
                    entry.delivered(clock.instant(), null);
                    deliveredCount.increment();
                    LOG.debugf("Keycloak propagation %s (enrollment %s, %s) delivered", entry.id, entry.enrollmentId, entry.status);
                }
                delivered++;
            } catch (KeycloakCallFailed e) {
                entry.failed(clock.instant(), e.getMessage(), config.firstRetryDelay(), config.maxRetryDelay());
                failed++;
                failedCount.increment();
                LOG.warnf("Keycloak propagation %s (enrollment %s, %s) failed, attempt %d, retried at %s: %s",
                        entry.id, entry.enrollmentId, entry.status, entry.attempts, entry.nextAttemptAt, e.getMessage());
                if (e.unavailable()) {
                    return new Batch(new Dispatched(delivered, failed), due.size(), true);
                }
            }
        }
        return new Batch(new Dispatched(delivered, failed), due.size(), false);
    }

    /**
     * A row written before the enrollment's latest activation (e.g. "re-activation required", then the citizen
     * activated a new phone at once) is stale: Keycloak wrote ACTIVE and the new phone itself when it redeemed the
     * code, and delivering the row now would mark the citizen again and delete the new phone.
     */
    private static boolean overtakenByActivation(KeycloakOutboxEntry entry) {
        Number later = (Number) KeycloakOutboxEntry.getEntityManager().createNativeQuery(
                        "select count(*) from activation_code where enrollment_id = :enrollment and redeemed_at > :created")
                .setParameter("enrollment", entry.enrollmentId)
                .setParameter("created", entry.createdAt)
                .getSingleResult();
        return later.longValue() > 0;
    }

    /**
     * Holds the enrollment's row until this batch commits. A redemption locks it too, so a delivery and an activation
     * of the same enrollment never overlap: either the redemption waits for the calls below to be done (and Keycloak
     * writes the new phone and ACTIVE after them), or this waits for the redemption and then finds the row overtaken.
     * Without it, "re-activation required" delivered during an activation overwrote the ACTIVE status just written.
     */
    private static void lockEnrollment(KeycloakOutboxEntry entry) {
        KeycloakOutboxEntry.getEntityManager().createNativeQuery("select id from enrollment where id = :enrollment for update")
                .setParameter("enrollment", entry.enrollmentId)
                .getResultList();
    }

    private static boolean replacedByNewerEnrollment(KeycloakOutboxEntry entry) {
        Number newer = (Number) KeycloakOutboxEntry.getEntityManager().createNativeQuery(
                        "select count(*) from enrollment newer join enrollment cur on cur.id = :enrollment"
                                + " where newer.owner_subject = :subject and newer.id <> cur.id"
                                + " and newer.created_at > cur.created_at and newer.state in ('ACTIVE', 'SUSPENDED')")
                .setParameter("enrollment", entry.enrollmentId)
                .setParameter("subject", entry.subject)
                .getSingleResult();
        return newer.longValue() > 0;
    }
}
