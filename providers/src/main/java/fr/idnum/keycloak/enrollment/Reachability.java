package fr.idnum.keycloak.enrollment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Whether a dependency answered lately, for the public status endpoint: the last probe's result is kept for
 * {@code ttl}; a caller after that starts one new probe in the background and is answered with the last result,
 * so a status request never waits on the dependency (only the very first one waits, at most {@code firstWait},
 * for a result to exist). At most one probe runs at a time, however many requests arrive.
 */
public final class Reachability {

    private final BooleanSupplier probe;
    private final Executor executor;
    private final Clock clock;
    private final Duration ttl;
    private final Duration firstWait;

    private Boolean last;
    private Instant checkedAt = Instant.MIN;
    private CompletableFuture<Boolean> running;

    public Reachability(BooleanSupplier probe, Executor executor, Clock clock, Duration ttl, Duration firstWait) {
        this.probe = probe;
        this.executor = executor;
        this.clock = clock;
        this.ttl = ttl;
        this.firstWait = firstWait;
    }

    /** The last known answer, refreshed in the background once it is older than the ttl. */
    public boolean reachable() {
        CompletableFuture<Boolean> first;
        synchronized (this) {
            if (running == null && !clock.instant().isBefore(checkedAt.plus(ttl))) {
                running = CompletableFuture.supplyAsync(this::safeProbe, executor);
                running.thenAccept(this::record);
            }
            if (last != null) {
                return last;
            }
            first = running;
        }
        try {
            return first.get(firstWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private boolean safeProbe() {
        try {
            return probe.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private synchronized void record(boolean result) {
        last = result;
        checkedAt = clock.instant();
        running = null;
    }
}
