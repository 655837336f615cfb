package fr.idnum.keycloak.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import fr.idnum.keycloak.push.Fakes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.KeycloakTransactionManager;

class SenderPoolTest {

    private final SenderPool pool = new SenderPool("test-sender", 1, 1);
    private final KeycloakTransactionManager transactions = Fakes.of(KeycloakTransactionManager.class, Map.of(
            "begin", args -> null,
            "setRollbackOnly", args -> null));
    /** A new session per job, as the server's factory gives. */
    private final KeycloakSessionFactory factory = Fakes.of(KeycloakSessionFactory.class, Map.of(
            "create", args -> Fakes.of(KeycloakSession.class, Map.of(
                    "getTransactionManager", a -> transactions,
                    "getAttribute", a -> null,
                    "setAttribute", a -> null,
                    "removeAttribute", a -> null,
                    "close", a -> null))));

    @AfterEach
    void stop() {
        pool.close();
    }

    @Test
    void aJobRunsOnAPoolThreadInASessionOfItsOwn() throws Exception {
        pool.start(factory);
        CompletableFuture<String> thread = new CompletableFuture<>();
        CompletableFuture<KeycloakSession> session = new CompletableFuture<>();

        pool.submit(job(s -> {
            session.complete(s);
            thread.complete(Thread.currentThread().getName());
        }, s -> thread.completeExceptionally(new AssertionError("not sent"))));

        assertTrue(thread.get(5, TimeUnit.SECONDS).startsWith("test-sender-"));
        assertNotEquals(Thread.currentThread().getName(), thread.get());
        assertTrue(session.get() != null);
    }

    @Test
    void beyondItsQueueAJobIsNotSentAndRecordsItInASessionOfItsOwn() throws Exception {
        pool.start(factory);
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> outcomes = new CopyOnWriteArrayList<>();
        pool.submit(job(s -> {
            busy.countDown();
            await(release);
        }, s -> outcomes.add("first not sent")));
        assertTrue(busy.await(5, TimeUnit.SECONDS), "the one thread is busy");
        pool.submit(job(s -> outcomes.add("second sent"), s -> outcomes.add("second not sent")));

        List<KeycloakSession> notSentIn = new CopyOnWriteArrayList<>();
        pool.submit(job(s -> outcomes.add("third sent"), s -> {
            notSentIn.add(s);
            outcomes.add("third not sent");
        }));

        assertEquals(List.of("third not sent"), outcomes, "rejected at once, on the caller's thread");
        assertEquals(1, notSentIn.size());
        release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (outcomes.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(List.of("third not sent", "second sent"), outcomes, "the queued one still goes");
    }

    @Test
    void aPoolNotStartedRefusesJobsLoudly() {
        IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> pool.submit(job(s -> { }, s -> { })));
        assertTrue(refused.getMessage().contains("test-sender"));
    }

    private interface Step {
        void run(KeycloakSession session);
    }

    private static SenderPool.Job job(Step run, Step notSent) {
        return new SenderPool.Job() {
            @Override
            public void run(KeycloakSession session) {
                run.run(session);
            }

            @Override
            public void notSent(KeycloakSession session) {
                notSent.run(session);
            }
        };
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
