package fr.idnum.keycloak.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.ws.rs.container.AsyncResponse;
import org.jboss.logging.Logger;

/**
 * The waiting pages this node holds an answer for (long-poll): each one's request is suspended, not a thread. It is
 * answered when its challenge changes ({@link #changed}, fed by {@code ChallengeChanges} from any node of the
 * cluster) or when its hold ends, whichever comes first; the answer is computed then, afresh. One small shared
 * scheduler does the timing and the answering for all of them. Bounded per sign-in and per node, so that waiting
 * pages cannot be used to exhaust memory. The requests of one challenge share one read of its status.
 *
 * @param <A> what is read of a challenge ({@code PushStatus.Answer}), turned into each page's answer by {@code render}
 */
final class WaitingBrowsers<A> {

    private static final Logger LOG = Logger.getLogger(WaitingBrowsers.class);
    /** Threads of the shared scheduler: they only compute answers (a read of the store each), never wait. */
    private static final int THREADS = 2;

    private final Duration hold;
    private final int maxWaiting;
    private final Function<A, ?> render;
    private final Map<String, Set<Waiter<A>>> byChallenge = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final ScheduledExecutorService scheduler;

    WaitingBrowsers(Duration hold, int maxWaiting, Function<A, ?> render) {
        this.hold = hold;
        this.render = render;
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
     * {@code read} gives at that moment, rendered (it runs on the scheduler, so it must open its own Keycloak
     * session; every request of a challenge must read the same). Not
     * held when this sign-in already has {@code maxPerSignIn} waiting requests here or this node is full: the caller
     * answers the refusal.
     */
    Admission hold(String challengeId, int maxPerSignIn, AsyncResponse response, Supplier<A> read) {
        if (waiting.incrementAndGet() > maxWaiting) {
            waiting.decrementAndGet();
            LOG.debugf("Waiting pages full (%d): a status request is refused", maxWaiting);
            return Admission.NODE_FULL;
        }
        Waiter<A> waiter = new Waiter<>(challengeId, response, read);
        AtomicBoolean admitted = new AtomicBoolean();
        byChallenge.compute(challengeId, (id, waiters) -> {
            Set<Waiter<A>> set = waiters == null ? ConcurrentHashMap.newKeySet() : waiters;
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
        Set<Waiter<A>> waiters = byChallenge.remove(challengeId);
        if (waiters != null && !waiters.isEmpty()) {
            scheduler.execute(() -> answer(List.copyOf(waiters)));
        }
    }

    /** Waiting pages held on this node now. */
    int waiting() {
        return waiting.get();
    }

    void close() {
        scheduler.shutdownNow();
    }

    private void answer(Waiter<A> waiter) {
        answer(List.of(waiter));
    }

    /** Answers those of {@code waiters} (one challenge's) not answered yet, with one read. */
    private void answer(List<Waiter<A>> waiters) {
        List<Waiter<A>> claimed = new ArrayList<>();
        for (Waiter<A> waiter : waiters) {
            if (waiter.answered.compareAndSet(false, true)) {
                claimed.add(waiter);
                waiting.decrementAndGet();
                byChallenge.computeIfPresent(waiter.challengeId, (id, held) -> {
                    held.remove(waiter);
                    return held.isEmpty() ? null : held;
                });
                ScheduledFuture<?> timeout = waiter.timeout;
                if (timeout != null) {
                    timeout.cancel(false);
                }
            }
        }
        if (claimed.isEmpty()) {
            return;
        }
        A value;
        try {
            value = claimed.get(0).read.get();
        } catch (RuntimeException e) {
            // The pages' scripts back off and ask again.
            LOG.warn("A waiting page's status could not be read", e);
            claimed.forEach(waiter -> waiter.response.resume(e));
            return;
        }
        claimed.forEach(waiter -> waiter.response.resume(render.apply(value)));
    }

    private static final class Waiter<A> {
        private final String challengeId;
        private final AsyncResponse response;
        private final Supplier<A> read;
        private final AtomicBoolean answered = new AtomicBoolean();
        private volatile ScheduledFuture<?> timeout;

        private Waiter(String challengeId, AsyncResponse response, Supplier<A> read) {
            this.challengeId = challengeId;
            this.response = response;
            this.read = read;
        }
    }
}
