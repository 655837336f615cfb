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

        void advance(Duration duration) {
            nowSeconds += duration.getSeconds();
        }

        @Override
        public boolean putIfAbsent(String key, long lifespanSeconds) {
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
            expiries.put(key, nowSeconds + lifespanSeconds);
        }

        @Override
        public Map<String, String> get(String key) {
            return contains(key) ? Map.of() : null;
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
    void keepsNoIdentifierInClear() {
        limits.take(RequestLimits.Scope.IDENTIFIER, "marie.dupont@example.fr", 3);
        assertTrue(store.expiries.keySet().stream().noneMatch(k -> k.contains("marie")), store.expiries.keySet().toString());
    }
}
