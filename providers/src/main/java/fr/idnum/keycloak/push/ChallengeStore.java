package fr.idnum.keycloak.push;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Challenges in Keycloak's cluster-wide single-use store, so that whichever node the phone or the browser
 * reaches can read and answer them. Per device, only the newest challenge counts: creating one supersedes
 * the one before. A final answer is taken once: {@link #finish} succeeds for the first caller only.
 */
public final class ChallengeStore {

    /** The authentication session's note naming its challenge: how the browser's status endpoint finds it. */
    public static final String CHALLENGE_NOTE = "idnum.push.challenge";

    private static final String CHALLENGE = "idnum-challenge:";
    private static final String DEVICE = "idnum-device-challenge:";
    private static final String FINISHED = "idnum-challenge-finished:";
    private static final String OUTCOME = "idnum-challenge-outcome:";
    private static final String PUSH_FAILED = "idnum-challenge-push-failed:";
    /** Kept a while after expiry, so that a late browser or phone is told "expired", not "unknown". */
    private static final Duration GRACE = Duration.ofMinutes(2);

    private final KeycloakSession session;
    private final SingleUseObjectProvider store;

    public ChallengeStore(KeycloakSession session) {
        this.session = session;
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
        releaseOnRollback(FINISHED + challenge.id());
        return true;
    }

    /**
     * The claim on a final answer is taken at once (put-if-absent cannot wait for the commit), the outcome written
     * at commit. Should this transaction roll back, the claim is released in a transaction of its own: otherwise the
     * challenge would stay pending with nobody ever able to answer it.
     */
    private void releaseOnRollback(String claim) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                // The outcome is stored: the claim stands.
            }

            @Override
            protected void rollbackImpl() {
                KeycloakModelUtils.runJobInTransaction(factory, other -> other.singleUseObjects().remove(claim));
            }
        });
    }

    /**
     * The challenge as it stands at {@code now}; a pending one found past its expiry is recorded as expired on the
     * way (once, like any final answer), so that the browser and the phone read the same outcome afterwards.
     */
    public Challenge settle(Challenge challenge, Instant now) {
        ChallengeStatus status = challenge.statusAt(now);
        if (status == challenge.status()) {
            return challenge;
        }
        finish(challenge, status, now);
        return challenge.with(status);
    }

    /** Records, for the waiting page, that the push of this challenge could not be sent. */
    public void markPushFailed(Challenge challenge, Instant now) {
        store.putIfAbsent(PUSH_FAILED + challenge.id(), lifespan(challenge, now));
    }

    public boolean pushFailed(String challengeId) {
        return challengeId != null && store.contains(PUSH_FAILED + challengeId);
    }

    /**
     * The challenge whose outcome or push failure an entry of the store records, or {@code null} for any other entry:
     * how a listener on the store's cache ({@link ChallengeChanges}) tells that a waiting page has news.
     */
    public static String changedChallenge(Object key) {
        if (key instanceof String name) {
            if (name.startsWith(OUTCOME)) {
                return name.substring(OUTCOME.length());
            }
            if (name.startsWith(PUSH_FAILED)) {
                return name.substring(PUSH_FAILED.length());
            }
        }
        return null;
    }

    private static long lifespan(Challenge challenge, Instant now) {
        return Math.max(1, Duration.between(now, challenge.expiresAt()).plus(GRACE).getSeconds());
    }
}
