package fr.idnum.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import fr.idnum.simulator.enrollment.DemoOutbox;

/**
 * The bench's phones' push receiver: one thread reads every new push the enrollment service's recording stand-in
 * keeps ({@code /api/v1/demo/outbox/push?after=<last seen>}, every {@value #POLL_MILLIS} ms) and hands each to the
 * phone waiting for its registration token, as FCM would wake it. One reader for all the phones, so that the cost of
 * watching (for the bench and for the enrollment service answering) stays the same at 10 or 1 000 concurrent
 * sign-ins, instead of each waiting phone asking the service every few ms for its own pushes, which is work no real
 * phone causes and which the enrollment service's figures would count.
 */
final class PushWatch implements AutoCloseable {

    static final long POLL_MILLIS = 20;

    private final DemoOutbox outbox;
    /** The challenges pushed to each registration token, oldest first; guarded by {@code this}. */
    private final Map<String, List<String>> pushed = new HashMap<>();
    private final Thread reader;
    private long lastSeen;
    private volatile boolean closed;
    private volatile RuntimeException lastFailure;

    PushWatch(DemoOutbox outbox) {
        this.outbox = outbox;
        this.reader = new Thread(this::read, "bench-push-watch");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * The last challenge pushed to {@code pushToken} once {@code untaken} accepts it (the phone has not handled it
     * yet), waiting for it up to {@code timeout}.
     */
    Optional<String> await(String pushToken, Predicate<String> untaken, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (true) {
                List<String> challenges = pushed.get(pushToken);
                if (challenges != null && untaken.test(challenges.get(challenges.size() - 1))) {
                    return Optional.of(challenges.get(challenges.size() - 1));
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    return Optional.empty();
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
        }
    }

    /** Why the outbox could not be read at its last try, if it could not (a waiting phone's error says it). */
    Optional<RuntimeException> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    private void read() {
        while (!closed) {
            try {
                List<DemoOutbox.Push> pushes = outbox.pushesAfter(lastSeen);
                lastFailure = null;
                if (!pushes.isEmpty()) {
                    synchronized (this) {
                        for (DemoOutbox.Push push : pushes) {
                            pushed.computeIfAbsent(push.to(), token -> new ArrayList<>()).add(push.challengeId());
                            lastSeen = Math.max(lastSeen, push.sequence());
                        }
                        notifyAll();
                    }
                }
            } catch (RuntimeException e) {
                lastFailure = e;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        reader.interrupt();
        synchronized (this) {
            notifyAll();
        }
    }
}
