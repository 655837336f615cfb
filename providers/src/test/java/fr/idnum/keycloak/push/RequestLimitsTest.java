package fr.idnum.keycloak.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.models.SingleUseObjectProvider;

class RequestLimitsTest {

    /** Keycloak's single-use store as far as the limits use it: entries that vanish after their lifespan. */
    private static final class ExpiringStore implements SingleUseObjectProvider {
        long nowSeconds = 1_000_000;
        final Map<String, Long> expiries = new HashMap<>();
        final Map<String, Map<String, String>> notes = new HashMap<>();
        /** Writes that go through the cluster (put-if-absent, put): what a probe costs. */
        long writes;

        void advance(Duration duration) {
            nowSeconds += duration.getSeconds();
        }

        @Override
        public boolean putIfAbsent(String key, long lifespanSeconds) {
            writes++;
            if (contains(key)) {
                return false;
            }
            expiries.put(key, nowSeconds + lifespanSeconds);
            return true;
        }

        @Override
        public boolean contains(String key) {
            Long expiry = expiries.get(key);
            return expiry != null && expiry > nowSeconds;
        }

        @Override
        public void put(String key, long lifespanSeconds, Map<String, String> notes) {
            writes++;
            expiries.put(key, nowSeconds + lifespanSeconds);
            this.notes.put(key, Map.copyOf(notes));
        }

        @Override
        public Map<String, String> get(String key) {
            return contains(key) ? notes.getOrDefault(key, Map.of()) : null;
        }

        @Override
        public Map<String, String> remove(String key) {
            return expiries.remove(key) == null ? null : Map.of();
        }

        @Override
        public boolean replace(String key, Map<String, String> notes) {
            return contains(key);
        }

        @Override
        public void close() {
        }
    }

    private final ExpiringStore store = new ExpiringStore();
    private final RequestLimits limits = new RequestLimits(store);

    @Test
    void letsThroughTheLimitThenRefuses() {
        for (int i = 0; i < 3; i++) {
            assertTrue(limits.take(RequestLimits.Scope.CITIZEN, "user-1", 3));
        }
        assertFalse(limits.take(RequestLimits.Scope.CITIZEN, "user-1", 3));
        assertTrue(limits.take(RequestLimits.Scope.CITIZEN, "user-2", 3), "each key has its own limit");
        assertTrue(limits.take(RequestLimits.Scope.SOURCE, "user-1", 3), "each scope has its own limit");
    }

    @Test
    void theWindowSlidesInsteadOfRestartingOnTheQuarterHour() {
        // Three requests spread over ten minutes, the limit reached.
        assertTrue(limits.take(RequestLimits.Scope.CITIZEN, "user-1", 3));
        store.advance(Duration.ofMinutes(5));
        assertTrue(limits.take(RequestLimits.Scope.CITIZEN, "user-1", 3));
        store.advance(Duration.ofMinutes(5));
        assertTrue(limits.take(RequestLimits.Scope.CITIZEN, "user-1", 3));

        // Six minutes later a fixed quarter hour could have started again: here only the first request left the window.
        store.advance(Duration.ofMinutes(6));
        assertTrue(limits.take(RequestLimits.Scope.CITIZEN, "user-1", 3), "the first request's slot freed 15 minutes after it");
        assertFalse(limits.take(RequestLimits.Scope.CITIZEN, "user-1", 3), "the two others are still in the window");
    }

    @Test
    void noBurstOfTwiceTheLimitAroundABoundary() {
        int letThrough = 0;
        for (int second = 0; second < 120; second += 5) {
            if (limits.take(RequestLimits.Scope.CITIZEN, "user-1", 10)) {
                letThrough++;
            }
            store.advance(Duration.ofSeconds(5));
        }
        assertEquals(10, letThrough, "at most the limit in any 15 minutes, wherever the two minutes fall");
    }

    @Test
    void aSaturatedLimitIsRefusedWithoutProbingEverySlotAgain() {
        for (int i = 0; i < 5; i++) {
            limits.take(RequestLimits.Scope.SOURCE, "192.0.2.1", 5);
        }
        assertFalse(limits.take(RequestLimits.Scope.SOURCE, "192.0.2.1", 5));
        int entries = store.expiries.size();
        assertFalse(limits.take(RequestLimits.Scope.SOURCE, "192.0.2.1", 5));
        assertEquals(entries, store.expiries.size());
    }

    @Test
    void aBusyAddressCostsAFewWritesPerRequestNotOnePerRequestOfTheWindow() {
        // An address shared by many citizens (a mobile carrier's): 10 requests a second, limit 10 000 per 15 minutes,
        // for an hour. Probing from slot 0 would cost up to 9 000 writes per request once the window is full.
        int limit = 10_000;
        int requests = 0;
        for (int second = 0; second < 3_600; second++) {
            for (int i = 0; i < 10; i++) {
                assertTrue(limits.take(RequestLimits.Scope.SOURCE, "192.0.2.7", limit), "request " + requests);
                requests++;
            }
            store.advance(Duration.ofSeconds(1));
        }
        double writesPerRequest = (double) store.writes / requests;
        assertTrue(writesPerRequest <= 2.01, "writes per request: " + writesPerRequest);
    }

    @Test
    void aBusyAddressNeverGetsMoreThanItsLimitInAnyWindowAsTheSlotsComeBack() {
        int limit = 50;
        java.util.List<Integer> accepted = new java.util.ArrayList<>();
        // 1 request a second for an hour against 50 per 15 minutes: the slots free themselves in turn and are taken again.
        for (int second = 0; second < 3_600; second++) {
            if (limits.take(RequestLimits.Scope.SOURCE, "192.0.2.8", limit)) {
                accepted.add(second);
            }
            store.advance(Duration.ofSeconds(1));
        }
        for (int at : accepted) {
            long inWindow = accepted.stream().filter(t -> t > at - 900 && t <= at).count();
            assertTrue(inWindow <= limit, inWindow + " requests in the 15 minutes up to second " + at);
        }
        // 4 windows of 50, less what the 30 s "full" marker holds back after each slot comes free
        assertTrue(accepted.size() > 150 && accepted.size() <= 200, "let through in the hour: " + accepted.size());
    }

    @Test
    void aLostOrStaleHintOnlyCostsProbesNeverTheLimit() {
        for (int i = 0; i < 4; i++) {
            assertTrue(limits.take(RequestLimits.Scope.CITIZEN, "user-9", 5));
        }
        // The hint gone (another node's eviction), then pointing at a slot that does not exist for this limit.
        store.expiries.keySet().removeIf(k -> k.startsWith("idnum-limit-next:"));
        assertTrue(limits.take(RequestLimits.Scope.CITIZEN, "user-9", 5), "the fifth slot is found from slot 0");
        assertFalse(limits.take(RequestLimits.Scope.CITIZEN, "user-9", 5));
        String hint = store.notes.keySet().stream().filter(k -> k.startsWith("idnum-limit-next:")).findFirst().orElseThrow();
        store.put(hint, 900, Map.of("slot", "99"));
        store.expiries.keySet().removeIf(k -> k.startsWith("idnum-limit-full:"));
        assertFalse(limits.take(RequestLimits.Scope.CITIZEN, "user-9", 5), "still five in the window");
        store.put(hint, 900, Map.of("slot", "not a number"));
        store.expiries.keySet().removeIf(k -> k.startsWith("idnum-limit-full:"));
        assertFalse(limits.take(RequestLimits.Scope.CITIZEN, "user-9", 5));
    }

    @Test
    void keepsNoIdentifierInClear() {
        limits.take(RequestLimits.Scope.IDENTIFIER, "marie.dupont@example.fr", 3);
        assertTrue(store.expiries.keySet().stream().noneMatch(k -> k.contains("marie")), store.expiries.keySet().toString());
    }
}
