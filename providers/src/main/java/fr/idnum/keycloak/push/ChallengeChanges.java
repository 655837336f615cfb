package fr.idnum.keycloak.push;

import java.util.function.Consumer;

import org.infinispan.Cache;
import org.infinispan.notifications.Listener;
import org.infinispan.notifications.cachelistener.annotation.CacheEntryCreated;
import org.infinispan.notifications.cachelistener.annotation.CacheEntryModified;
import org.infinispan.notifications.cachelistener.annotation.CacheEntryRemoved;
import org.infinispan.notifications.cachelistener.event.CacheEntryEvent;
import org.jboss.logging.Logger;
import org.keycloak.connections.infinispan.InfinispanConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * Tells this node the moment a challenge gets its outcome, or its push is known to have failed, wherever in the
 * cluster that was written: a listener on the Infinispan cache behind Keycloak's single-use store ({@code actionTokens},
 * where {@link ChallengeStore} keeps challenges). Clustered, so that in a distributed cache the node holding a waiting
 * page hears of writes to entries it does not own; on a local or replicated cache it is an ordinary listener.
 * Only post-events are passed on, with the challenge id, never a value: the waiting page reads the store afresh.
 * Asynchronous, so that no write to the cache (action tokens, single-use codes) waits for this node to be told.
 */
@Listener(clustered = true, sync = false)
public final class ChallengeChanges {

    private static final Logger LOG = Logger.getLogger(ChallengeChanges.class);

    private final Consumer<String> onChange;
    private Cache<Object, Object> cache;

    private ChallengeChanges(Consumer<String> onChange) {
        this.onChange = onChange;
    }

    /**
     * Starts listening, once per node; {@code onChange} receives challenge ids on Infinispan's notification thread and
     * must return at once. Returns null (and says why in the log) when the store is not an embedded Infinispan cache
     * (an external one, as in multi-site set-ups): waiting pages are then answered when their hold ends.
     */
    public static ChallengeChanges listen(KeycloakSession session, Consumer<String> onChange) {
        InfinispanConnectionProvider infinispan = session.getProvider(InfinispanConnectionProvider.class);
        Cache<Object, Object> cache = infinispan == null ? null : infinispan.getCache(InfinispanConnectionProvider.ACTION_TOKEN_CACHE);
        if (cache == null) {
            LOG.warn("No embedded Infinispan cache behind the single-use store: waiting pages learn a phone's answer "
                    + "only when their hold ends (idnum realm resource's status-hold-seconds)");
            return null;
        }
        ChallengeChanges changes = new ChallengeChanges(onChange);
        changes.cache = cache;
        cache.addListener(changes);
        return changes;
    }

    public void stop() {
        if (cache != null) {
            cache.removeListener(this);
        }
    }

    @CacheEntryCreated
    @CacheEntryModified
    @CacheEntryRemoved
    public void entryChanged(CacheEntryEvent<Object, Object> event) {
        if (event.isPre()) {
            return;
        }
        String challengeId = ChallengeStore.changedChallenge(event.getKey());
        if (challengeId != null) {
            onChange.accept(challengeId);
        }
    }
}
