package fr.idnum.keycloak.push;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Sliding-window limits on sign-in requests, counted across nodes in Keycloak's cluster-wide single-use store.
 * A request claims one of {@code limit} numbered slots with the store's atomic put-if-absent, and each slot frees
 * itself {@link #WINDOW} after it was claimed: at most {@code limit} requests in any window, on whichever node
 * they arrive, with no counter to race and no fixed boundary (such as :00, :15) to burst across. Keys are hashed,
 * so no identifier or address is kept in the store in clear.
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
        for (int slot = 0; slot < limit; slot++) {
            if (store.putIfAbsent(PREFIX + id + ":" + slot, WINDOW.getSeconds())) {
                return true;
            }
        }
        store.putIfAbsent(FULL + id, FULL_FOR.getSeconds());
        return false;
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
