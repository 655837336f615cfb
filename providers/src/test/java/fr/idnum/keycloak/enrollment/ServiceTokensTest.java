package fr.idnum.keycloak.enrollment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class ServiceTokensTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    private static final Duration LIFETIME = Duration.ofSeconds(300);

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        private Instant now = T0;

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** Runs what it is given only when the test says so: "in the background", deterministically. */
    private static final class ManualExecutor implements java.util.concurrent.Executor {
        private final Queue<Runnable> queued = new ArrayDeque<>();

        @Override
        public synchronized void execute(Runnable command) {
            queued.add(command);
        }

        synchronized int queued() {
            return queued.size();
        }

        void runAll() {
            Runnable next;
            while ((next = poll()) != null) {
                next.run();
            }
        }

        private synchronized Runnable poll() {
            return queued.poll();
        }
    }

    private final MovableClock clock = new MovableClock();
    private final AtomicInteger fetches = new AtomicInteger();

    private ServiceTokens.Token issue() {
        int n = fetches.incrementAndGet();
        return new ServiceTokens.Token("token-" + n, clock.instant(), clock.instant().plus(LIFETIME));
    }

    @Test
    void manyCallersWithoutATokenWaitOnOneSingleFetch() throws Exception {
        ExecutorService background = Executors.newSingleThreadExecutor();
        ExecutorService callers = Executors.newFixedThreadPool(50);
        try {
            ServiceTokens tokens = new ServiceTokens(() -> {
                sleep(200);
                return issue();
            }, background, clock, Duration.ofSeconds(5));
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                answers.add(callers.submit((Callable<String>) tokens::get));
            }
            for (Future<String> answer : answers) {
                assertEquals("token-1", answer.get());
            }
            assertEquals(1, fetches.get(), "one request to the token endpoint for 50 callers");
        } finally {
            callers.shutdownNow();
            background.shutdownNow();
        }
    }

    @Test
    void pastHalfLifeTheCallerGoesOnWithTheTokenInForceWhileOneRenewalRunsInTheBackground() {
        ManualExecutor background = new ManualExecutor();
        ServiceTokens tokens = new ServiceTokens(this::issue, background, clock, Duration.ofSeconds(5));
        fetchFirst(tokens, background);

        clock.advance(Duration.ofSeconds(100));
        assertEquals("token-1", tokens.get());
        assertEquals(0, background.queued(), "before half its life, no renewal");

        clock.advance(Duration.ofSeconds(60));
        assertEquals("token-1", tokens.get(), "no caller waits for the renewal");
        assertEquals("token-1", tokens.get());
        assertEquals(1, background.queued(), "one renewal, however many callers notice");
        background.runAll();
        assertEquals("token-2", tokens.get());
        assertEquals(2, fetches.get());
    }

    @Test
    void anIdleNodeRenewsOnTimeSoThatABurstAfterwardsFindsATokenInForce() throws Exception {
        // Real time here: a token usable 400 ms (10.4 s minus the margin), due for renewal 200 ms after it came in.
        Clock real = Clock.systemUTC();
        var timer = Executors.newSingleThreadScheduledExecutor();
        try {
            ServiceTokens tokens = new ServiceTokens(() -> {
                int n = fetches.incrementAndGet();
                Instant now = real.instant();
                return new ServiceTokens.Token("token-" + n, now, now.plusMillis(10_400));
            }, timer, real, Duration.ofSeconds(5));
            assertEquals("token-1", tokens.get());

            Thread.sleep(1_000); // no request at all meanwhile: the first token's usable life is over
            assertTrue(fetches.get() >= 3, "renewed on time without any request: " + fetches.get() + " fetches");
            int before = fetches.get();
            assertTrue(tokens.get().startsWith("token-"), "a token in force at once");
            assertTrue(fetches.get() <= before + 1, "the caller did not have to fetch one itself");
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void renewalIsDueHalfwayThroughTheUsableLife() {
        ServiceTokens.Token token = new ServiceTokens.Token("t", T0, T0.plusSeconds(60));
        assertEquals(T0.plusSeconds(25), token.renewAt(), "60 s token, 10 s margin: 25 s to renew, 25 s to get the new one");
        assertEquals(T0, new ServiceTokens.Token("t", T0, T0.plusSeconds(5)).renewAt(), "shorter than the margin: at once");
    }

    @Test
    void aFailedRenewalKeepsTheTokenInForceUntilItsMarginThenCallersAreRefused() {
        ManualExecutor background = new ManualExecutor();
        AtomicInteger calls = new AtomicInteger();
        ServiceTokens tokens = new ServiceTokens(() -> {
            if (calls.incrementAndGet() > 1) {
                throw new TokenUnavailable("Keycloak's service client could not get a token");
            }
            return issue();
        }, background, clock, Duration.ofMillis(200));
        fetchFirst(tokens, background);

        clock.advance(Duration.ofSeconds(200));
        assertEquals("token-1", tokens.get());
        background.runAll();
        assertEquals("token-1", tokens.get(), "the renewal failed: the token in force still serves");

        clock.advance(Duration.ofSeconds(95));
        // 5 s left: inside the margin, so no caller gets it; with the renewal failing, the call is refused in time.
        runWhenQueued(background);
        assertThrows(TokenUnavailable.class, tokens::get);
    }

    @Test
    void aTokenTheServiceRefusedIsForgottenAndTheNextCallGetsANewOne() {
        ManualExecutor background = new ManualExecutor();
        ServiceTokens tokens = new ServiceTokens(this::issue, background, clock, Duration.ofSeconds(5));
        fetchFirst(tokens, background);

        tokens.forget();
        runWhenQueued(background);
        assertEquals("token-2", tokens.get());
    }

    @Test
    void aYoungTokenIsDroppedAtItsFirstRefusal() {
        ManualExecutor background = new ManualExecutor();
        ServiceTokens tokens = new ServiceTokens(this::issue, background, clock, Duration.ofSeconds(5));
        fetchFirst(tokens, background);
        clock.advance(Duration.ofSeconds(1));

        tokens.forget();
        runWhenQueued(background);
        assertEquals("token-2", tokens.get(), "a token one second old, refused for the first time, is made again");
    }

    /** The first call waits for the first fetch: run it from another thread as the background would. */
    private void fetchFirst(ServiceTokens tokens, ManualExecutor background) {
        runWhenQueued(background);
        assertEquals("token-1", tokens.get());
    }

    /** From another thread, as the background would: the fetch a waiting caller queues. */
    private static void runWhenQueued(ManualExecutor background) {
        Thread runner = new Thread(() -> {
            while (background.queued() == 0) {
                sleep(5);
            }
            background.runAll();
        });
        runner.setDaemon(true);
        runner.start();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
