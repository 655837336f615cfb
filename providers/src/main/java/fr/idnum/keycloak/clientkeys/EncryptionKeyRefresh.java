package fr.idnum.keycloak.clientkeys;

import java.time.Duration;

import org.jboss.logging.Logger;
import org.keycloak.jose.jwk.JWK;
import org.keycloak.keys.PublicKeyStorageProvider;
import org.keycloak.keys.PublicKeyStorageUtils;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.protocol.oidc.OIDCAdvancedConfigWrapper;
import org.keycloak.protocol.oidc.OIDCConfigAttributes;
import org.keycloak.timer.ScheduledTask;
import org.keycloak.timer.TimerProvider;

/**
 * Fetches again, on a schedule, the encryption keys of every client that asks for encrypted tokens from a
 * JWKS URL (the hub), so that each node holds them before the first token it must encrypt and follows a
 * rotation even when it issues few tokens. Keycloak 26.7 itself fetches a client's JWKS when it has none, and
 * again when it encrypts a token and its last fetch is more than 10 s old; without a fetch that succeeded,
 * the first token request fails ({@link EncryptionKeyCheck} makes that a clear refusal).
 *
 * <p>Runs on each node (the cache is per node). A JWKS that cannot be fetched leaves the cached keys as they
 * were (Keycloak replaces the entry only on success) and is logged once per attempt; Keycloak's own floor
 * between two fetches of one JWKS (10 s) still applies. Runs outside any HTTP request, hence its own loader
 * ({@link ClientJwksLoader}).
 */
public final class EncryptionKeyRefresh implements ScheduledTask {

    private static final Logger LOG = Logger.getLogger(EncryptionKeyRefresh.class);
    private static final String TASK_NAME = "idnum-client-encryption-keys";

    private EncryptionKeyRefresh() {
    }

    /** Schedules the task once the server is ready; a zero or negative interval turns it off. */
    public static void schedule(KeycloakSessionFactory factory, Duration interval) {
        if (interval.isZero() || interval.isNegative()) {
            return;
        }
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(TimerProvider.class)
                        .scheduleTask(new EncryptionKeyRefresh(), interval.toMillis(), TASK_NAME));
            }
        });
    }

    @Override
    public void run(KeycloakSession session) {
        PublicKeyStorageProvider storage = session.getProvider(PublicKeyStorageProvider.class);
        session.realms().getRealmsStream().forEach(realm -> realm.getClientsStream()
                .filter(EncryptionKeyRefresh::encryptsToAJwksUrl)
                .forEach(client -> refresh(session, storage, realm, client)));
    }

    private static boolean encryptsToAJwksUrl(ClientModel client) {
        boolean encrypts = client.getAttribute(OIDCConfigAttributes.ID_TOKEN_ENCRYPTED_RESPONSE_ALG) != null
                || client.getAttribute(OIDCConfigAttributes.USER_INFO_ENCRYPTED_RESPONSE_ALG) != null;
        return encrypts && OIDCAdvancedConfigWrapper.fromClientModel(client).isUseJwksUrl();
    }

    private static void refresh(KeycloakSession session, PublicKeyStorageProvider storage, RealmModel realm, ClientModel client) {
        String jwksUrl = OIDCAdvancedConfigWrapper.fromClientModel(client).getJwksUrl();
        if (!ClientJwksLoader.isAbsolute(jwksUrl)) {
            LOG.debugf("Client %s (realm %s) publishes its keys at a relative URL: fetched by Keycloak on demand only",
                    client.getClientId(), realm.getName());
            return;
        }
        String cacheKey = PublicKeyStorageUtils.getClientModelCacheKey(realm.getId(), client.getId(), JWK.Use.ENCRYPTION);
        try {
            storage.reloadKeys(cacheKey, new ClientJwksLoader(session, jwksUrl));
        } catch (RuntimeException e) {
            LOG.warnf("Could not fetch the encryption keys of client %s (realm %s); keeping the cached ones: %s",
                    client.getClientId(), realm.getName(), e.getMessage());
        }
    }

    @Override
    public String getTaskName() {
        return TASK_NAME;
    }
}
