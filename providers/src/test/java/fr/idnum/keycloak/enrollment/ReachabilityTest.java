package fr.idnum.keycloak.enrollment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class ReachabilityTest {

    private static final Duration TTL = Duration.ofSeconds(5);

    private Instant now = Instant.parse("2026-12-02T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void reusesTheLastAnswerUntilItIsOlderThanTheTtl() {
        AtomicBoolean up = new AtomicBoolean(true);
        AtomicInteger probes = new AtomicInteger();
        Reachability reachability = new Reachability(() -> {
            probes.incrementAndGet();
            return up.get();
        }, Runnable::run, clock, TTL, Duration.ofSeconds(1));

        assertTrue(reachability.reachable());
        up.set(false);
        now = now.plusSeconds(4);
        assertTrue(reachability.reachable(), "still the cached answer");
        assertEquals(1, probes.get());

        now = now.plusSeconds(1);
        assertFalse(reachability.reachable(), "with a direct executor the new probe's answer is there at once");
        assertEquals(2, probes.get());
    }

    @Test
    void aStaleAnswerIsServedWhileTheNewProbeRuns() throws Exception {
        List<Runnable> queued = new ArrayList<>();
        Executor later = queued::add;
        AtomicBoolean up = new AtomicBoolean(true);
        Reachability reachability = new Reachability(up::get, Runnable::run, clock, TTL, Duration.ofSeconds(1));
        assertTrue(reachability.reachable());

        Reachability slow = new Reachability(up::get, later, clock, TTL, Duration.ofMillis(10));
        assertFalse(slow.reachable(), "no answer yet within the first wait: unreachable, not blocked");
        assertEquals(1, queued.size());
        assertFalse(slow.reachable());
        assertEquals(1, queued.size(), "one probe at a time");
        queued.remove(0).run();
        assertTrue(slow.reachable());
    }

    @Test
    void aProbeThatHangsDoesNotHoldTheCallerLongerThanTheFirstWait() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        var executor = Executors.newSingleThreadExecutor();
        try {
            Reachability reachability = new Reachability(() -> {
                try {
                    return release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    return false;
                }
            }, executor, clock, TTL, Duration.ofMillis(100));
            long start = System.nanoTime();
            assertFalse(reachability.reachable());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 2000);
        } finally {
            release.countDown();
            executor.shutdownNow();
        }
    }

    @Test
    void aProbeThatThrowsMeansUnreachable() {
        Reachability reachability = new Reachability(() -> {
            throw new IllegalStateException("boom");
        }, Runnable::run, clock, TTL, Duration.ofSeconds(1));
        assertFalse(reachability.reachable());
    }
}
