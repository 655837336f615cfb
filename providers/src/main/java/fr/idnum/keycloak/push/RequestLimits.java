package fr.idnum.keycloak.push;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Sliding-window limits on sign-in requests, counted across nodes in Keycloak's cluster-wide single-use store.
 * A request claims one of {@code limit} numbered slots with the store's atomic put-if-absent, and each slot frees
 * itself {@link #WINDOW} after it was claimed: at most {@code limit} requests in any window, on whichever node
 * they arrive, with no counter to race and no fixed boundary (such as :00, :15) to burst across. Keys are hashed,
 * so no identifier or address is kept in the store in clear.
 * <p>
 * Slots are claimed in turn, from the one after the last slot claimed (a hint kept in the store beside them), so
 * they free themselves in the order they were taken and the next free slot is, almost always, the first one tried:
 * a request costs a few store operations however many requests its key made in the window. (Probing from slot 0
 * cost one cluster-wide write per request of the window: thousands per sign-in for an address shared by many
 * citizens, such as a mobile carrier's.) The hint is only a starting point: when it is stale or lost, or two nodes
 * read the same one, the atomic put-if-absent still gives each slot to one request and the probe goes on.
 */
public final class RequestLimits {

    /** The window every limit is counted over. */
    public static final Duration WINDOW = Duration.ofMinutes(15);

    /** What a limit is counted per. */
    public enum Scope {
        /** One citizen's phone: against push fatigue. */
        CITIZEN,
        /** One source address (as Keycloak sees it behind its trusted proxy): against one party using many identifiers. */
        SOURCE,
        /** One identifier typed at the identifier step, whether or not it names an account: no enumeration by the limit. */
        IDENTIFIER;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final String PREFIX = "idnum-limit:";
    private static final String FULL = "idnum-limit-full:";
    /** Where the next request of a key starts probing: the slot after the last one claimed. */
    private static final String NEXT = "idnum-limit-next:";
    private static final String NEXT_SLOT = "slot";
    /**
     * Once every slot was found taken, further requests are refused for this long without probing the slots again:
     * a saturated limit then costs one read per request instead of {@code limit} writes.
     */
    private static final Duration FULL_FOR = Duration.ofSeconds(30);

    private final SingleUseObjectProvider store;

    public RequestLimits(KeycloakSession session) {
        this(session.singleUseObjects());
    }

    RequestLimits(SingleUseObjectProvider store) {
        this.store = store;
    }

    /** Takes a slot for {@code key} under {@code scope}; false when {@code limit} requests were made in the window. */
    public boolean take(Scope scope, String key, int limit) {
        String id = scope.wireName() + ":" + digest(key);
        if (store.contains(FULL + id)) {
            return false;
        }
        int start = nextSlot(id, limit);
        for (int probe = 0; probe < limit; probe++) {
            int slot = (start + probe) % limit;
            if (store.putIfAbsent(PREFIX + id + ":" + slot, WINDOW.getSeconds())) {
                // A key's first request of the window (slot 0, no hint yet) writes no hint: most keys stop there.
                if (slot != 0 || probe != 0 || start != 0) {
                    store.put(NEXT + id, WINDOW.getSeconds(), Map.of(NEXT_SLOT, Integer.toString((slot + 1) % limit)));
                }
                return true;
            }
        }
        store.putIfAbsent(FULL + id, FULL_FOR.getSeconds());
        return false;
    }

    /** The slot to try first: the hint's, or 0 when there is none (or it does not fit this limit). */
    private int nextSlot(String id, int limit) {
        Map<String, String> hint = store.get(NEXT + id);
        String slot = hint == null ? null : hint.get(NEXT_SLOT);
        if (slot == null) {
            return 0;
        }
        try {
            int next = Integer.parseInt(slot);
            return next >= 0 && next < limit ? next : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String digest(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
