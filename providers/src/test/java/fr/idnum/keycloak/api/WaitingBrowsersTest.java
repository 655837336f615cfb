package fr.idnum.keycloak.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.ws.rs.container.AsyncResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WaitingBrowsersTest {

    private WaitingBrowsers<String> waiting;

    @AfterEach
    void close() {
        waiting.close();
    }

    /** A suspended request: completes with what it is resumed with. */
    private static AsyncResponse suspended(CompletableFuture<Object> resumed) {
        return (AsyncResponse) Proxy.newProxyInstance(AsyncResponse.class.getClassLoader(), new Class<?>[] {AsyncResponse.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("resume")) {
                        return resumed.complete(args[0]);
                    }
                    return method.getReturnType() == boolean.class ? false : null;
                });
    }

    private static String answer(String status) {
        return "{\"status\":\"" + status + "\"}";
    }

    @Test
    void aHeldRequestIsAnsweredWhenItsChallengeChanges() throws Exception {
        waiting = new WaitingBrowsers<>(Duration.ofMinutes(1), 10, status -> status);
        CompletableFuture<Object> resumed = new CompletableFuture<>();
        assertEquals(WaitingBrowsers.Admission.HELD, waiting.hold("c1", 3, suspended(resumed), () -> answer("approved")));
        assertEquals(1, waiting.waiting());

        waiting.changed("other");
        Thread.sleep(100);
        assertFalse(resumed.isDone(), "another challenge's change leaves it held");

        waiting.changed("c1");
        assertEquals(answer("approved"), resumed.get(2, TimeUnit.SECONDS));
        assertEquals(0, waiting.waiting());
    }

    @Test
    void theRequestsOfAChallengeShareOneRead() throws Exception {
        waiting = new WaitingBrowsers<>(Duration.ofMinutes(1), 10, status -> "rendered " + status);
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        List<CompletableFuture<Object>> pages = List.of(new CompletableFuture<>(), new CompletableFuture<>(), new CompletableFuture<>());
        for (CompletableFuture<Object> page : pages) {
            waiting.hold("c1", 3, suspended(page), () -> {
                reads.incrementAndGet();
                return answer("approved");
            });
        }
        waiting.changed("c1");
        for (CompletableFuture<Object> page : pages) {
            assertEquals("rendered " + answer("approved"), page.get(2, TimeUnit.SECONDS));
        }
        assertEquals(1, reads.get());
        assertEquals(0, waiting.waiting());
    }

    @Test
    void aHeldRequestIsAnsweredWhenTheHoldEnds() throws Exception {
        waiting = new WaitingBrowsers<>(Duration.ofMillis(200), 10, status -> status);
        CompletableFuture<Object> resumed = new CompletableFuture<>();
        long start = System.nanoTime();
        waiting.hold("c1", 3, suspended(resumed), () -> answer("pending"));

        Object answered = resumed.get(2, TimeUnit.SECONDS);
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(190).toNanos(), "not before the hold ends");
        assertEquals(answer("pending"), answered);
        assertEquals(0, waiting.waiting());
    }

    @Test
    void aSignInHoldsAtMostItsLimit() {
        waiting = new WaitingBrowsers<>(Duration.ofMinutes(1), 10, status -> status);
        for (int i = 0; i < 2; i++) {
            assertEquals(WaitingBrowsers.Admission.HELD, waiting.hold("c1", 2, suspended(new CompletableFuture<>()), () -> answer("pending")));
        }
        assertEquals(WaitingBrowsers.Admission.TOO_MANY_FOR_SIGN_IN,
                waiting.hold("c1", 2, suspended(new CompletableFuture<>()), () -> answer("pending")));
        assertEquals(WaitingBrowsers.Admission.HELD, waiting.hold("c2", 2, suspended(new CompletableFuture<>()), () -> answer("pending")),
                "another sign-in is not affected");
        assertEquals(3, waiting.waiting());
    }

    @Test
    void aFullNodeRefusesMore() {
        waiting = new WaitingBrowsers<>(Duration.ofSeconds(25), 2, status -> status);
        waiting.hold("c1", 3, suspended(new CompletableFuture<>()), () -> answer("pending"));
        waiting.hold("c2", 3, suspended(new CompletableFuture<>()), () -> answer("pending"));
        assertEquals(WaitingBrowsers.Admission.NODE_FULL,
                waiting.hold("c3", 3, suspended(new CompletableFuture<>()), () -> answer("pending")));
        assertEquals(2, waiting.waiting());
    }
}
