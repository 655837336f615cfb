package fr.idnum.keycloak.api;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.ws.rs.container.AsyncResponse;
import org.jboss.logging.Logger;

/**
 * The waiting pages this node holds an answer for (long-poll): each one's request is suspended, not a thread. It is
 * answered when its challenge changes ({@link #changed}, fed by {@code ChallengeChanges} from any node of the
 * cluster) or when its hold ends, whichever comes first; the answer is computed then, afresh. One small shared
 * scheduler does the timing and the answering for all of them. Bounded per sign-in and per node, so that waiting
 * pages cannot be used to exhaust memory.
 */
final class WaitingBrowsers {

    private static final Logger LOG = Logger.getLogger(WaitingBrowsers.class);
    /** Threads of the shared scheduler: they only compute answers (a read of the store each), never wait. */
    private static final int THREADS = 2;

    private final Duration hold;
    private final int maxWaiting;
    private final Map<String, Set<Waiter>> byChallenge = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final ScheduledExecutorService scheduler;

    WaitingBrowsers(Duration hold, int maxWaiting) {
        this.hold = hold;
        this.maxWaiting = maxWaiting;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(THREADS, task -> {
            Thread thread = new Thread(task, "idnum-waiting-pages");
            thread.setDaemon(true);
            return thread;
        });
        // A page answered early leaves no timer behind.
        executor.setRemoveOnCancelPolicy(true);
        this.scheduler = executor;
    }

    /** Whether a request was held, or why not. */
    enum Admission { HELD, TOO_MANY_FOR_SIGN_IN, NODE_FULL }

    /**
     * Holds {@code response} until challenge {@code challengeId} changes or the hold ends, then resumes it with what
     * {@code answer} gives at that moment (it runs on the scheduler, so it must open its own Keycloak session). Not
     * held when this sign-in already has {@code maxPerSignIn} waiting requests here or this node is full: the caller
     * answers the refusal.
     */
    Admission hold(String challengeId, int maxPerSignIn, AsyncResponse response, Supplier<?> answer) {
        if (waiting.incrementAndGet() > maxWaiting) {
            waiting.decrementAndGet();
            LOG.debugf("Waiting pages full (%d): a status request is refused", maxWaiting);
            return Admission.NODE_FULL;
        }
        Waiter waiter = new Waiter(challengeId, response, answer);
        AtomicBoolean admitted = new AtomicBoolean();
        byChallenge.compute(challengeId, (id, waiters) -> {
            Set<Waiter> set = waiters == null ? ConcurrentHashMap.newKeySet() : waiters;
            if (set.size() < maxPerSignIn) {
                set.add(waiter);
                admitted.set(true);
            }
            return set.isEmpty() ? null : set;
        });
        if (!admitted.get()) {
            waiting.decrementAndGet();
            return Admission.TOO_MANY_FOR_SIGN_IN;
        }
        waiter.timeout = scheduler.schedule(() -> answer(waiter), hold.toMillis(), TimeUnit.MILLISECONDS);
        return Admission.HELD;
    }

    /** How long a request is held when nothing happens. */
    Duration holdTime() {
        return hold;
    }

    /** Challenge {@code challengeId} has news: its waiting pages are answered now. Returns at once. */
    void changed(String challengeId) {
        Set<Waiter> waiters = byChallenge.remove(challengeId);
        if (waiters != null) {
            waiters.forEach(waiter -> scheduler.execute(() -> answer(waiter)));
        }
    }

    /** Waiting pages held on this node now. */
    int waiting() {
        return waiting.get();
    }

    void close() {
        scheduler.shutdownNow();
    }

    private void answer(Waiter waiter) {
        if (!waiter.answered.compareAndSet(false, true)) {
            return;
        }
        waiting.decrementAndGet();
        byChallenge.computeIfPresent(waiter.challengeId, (id, waiters) -> {
            waiters.remove(waiter);
            return waiters.isEmpty() ? null : waiters;
        });
        ScheduledFuture<?> timeout = waiter.timeout;
        if (timeout != null) {
            timeout.cancel(false);
        }
        try {
            waiter.response.resume(waiter.answer.get());
        } catch (RuntimeException e) {
            // The page's script backs off and asks again.
            LOG.warn("A waiting page's status could not be read", e);
            waiter.response.resume(e);
        }
    }

    private static final class Waiter {
        private final String challengeId;
        private final AsyncResponse response;
        private final Supplier<?> answer;
        private final AtomicBoolean answered = new AtomicBoolean();
        private volatile ScheduledFuture<?> timeout;

        private Waiter(String challengeId, AsyncResponse response, Supplier<?> answer) {
            this.challengeId = challengeId;
            this.response = response;
            this.answer = answer;
        }
    }
}
