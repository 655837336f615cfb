package fr.idnum.keycloak.push;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Challenges in Keycloak's cluster-wide single-use store, so that whichever node the phone or the browser
 * reaches can read and answer them. Per device, only the newest challenge counts: creating one supersedes
 * the one before. A final answer is taken once: {@link #finish} succeeds for the first caller only.
 */
public final class ChallengeStore {

    private static final String CHALLENGE = "idnum-challenge:";
    private static final String DEVICE = "idnum-device-challenge:";
    private static final String FINISHED = "idnum-challenge-finished:";
    private static final String OUTCOME = "idnum-challenge-outcome:";
    private static final String SLOT = "idnum-challenge-slot:";
    private static final Duration QUARTER_HOUR = Duration.ofMinutes(15);
    /** Kept a while after expiry, so that a late browser or phone is told "expired", not "unknown". */
    private static final Duration GRACE = Duration.ofMinutes(2);

    private final SingleUseObjectProvider store;

    public ChallengeStore(KeycloakSession session) {
        this.store = session.singleUseObjects();
    }

    /** Stores a new challenge as the device's current one; the previous one, still pending, is superseded. */
    public void create(Challenge challenge, Instant now) {
        current(challenge.credentialId()).filter(old -> old.status() == ChallengeStatus.PENDING)
                .ifPresent(old -> finish(old, ChallengeStatus.SUPERSEDED, now));
        long lifespan = lifespan(challenge, now);
        store.put(CHALLENGE + challenge.id(), lifespan, challenge.toMap());
        store.put(DEVICE + challenge.credentialId(), lifespan, Map.of("id", challenge.id()));
    }

    /**
     * Takes one of the {@code limit} sign-in requests a citizen may receive in the current quarter of an hour.
     * Each request claims a numbered slot with the store's atomic put-if-absent, so the count holds across nodes
     * without a counter; returns false when every slot is taken.
     */
    public boolean takeRequestSlot(String userId, int limit, Instant now) {
        long window = now.getEpochSecond() / QUARTER_HOUR.getSeconds();
        long lifespan = (window + 1) * QUARTER_HOUR.getSeconds() - now.getEpochSecond() + 1;
        for (int slot = 0; slot < limit; slot++) {
            if (store.putIfAbsent(SLOT + userId + ":" + window + ":" + slot, lifespan)) {
                return true;
            }
        }
        return false;
    }

    public Optional<Challenge> get(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Map<String, String> stored = store.get(CHALLENGE + id);
        if (stored == null) {
            return Optional.empty();
        }
        Challenge challenge = Challenge.fromMap(stored);
        Map<String, String> outcome = store.get(OUTCOME + id);
        return Optional.of(outcome == null ? challenge : challenge.with(ChallengeStatus.valueOf(outcome.get("status"))));
    }

    /** The device's newest challenge, whatever its status. */
    public Optional<Challenge> current(String credentialId) {
        Map<String, String> pointer = store.get(DEVICE + credentialId);
        return pointer == null ? Optional.empty() : get(pointer.get("id"));
    }

    /**
     * Moves a pending challenge to a final status, once: returns false when another answer (or a supersede,
     * or the expiry) got there first.
     */
    public boolean finish(Challenge challenge, ChallengeStatus status, Instant now) {
        long lifespan = lifespan(challenge, now);
        if (!store.putIfAbsent(FINISHED + challenge.id(), lifespan)) {
            return false;
        }
        // A separate entry with its own lifespan: the store's replace() would drop the challenge's expiry.
        store.put(OUTCOME + challenge.id(), lifespan, Map.of("status", status.name()));
        return true;
    }

    private static long lifespan(Challenge challenge, Instant now) {
        return Math.max(1, Duration.between(now, challenge.expiresAt()).plus(GRACE).getSeconds());
    }
}
