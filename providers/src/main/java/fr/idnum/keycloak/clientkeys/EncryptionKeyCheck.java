package fr.idnum.keycloak.clientkeys;

import java.util.List;

import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.crypto.PublicKeysWrapper;
import org.keycloak.jose.jwk.JWK;
import org.keycloak.keys.PublicKeyLoader;
import org.keycloak.keys.PublicKeyStorageProvider;
import org.keycloak.keys.PublicKeyStorageUtils;
import org.keycloak.keys.loader.PublicKeyStorageManager;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCConfigAttributes;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/**
 * Before Keycloak encrypts a token or a userinfo response for a client that wants them encrypted (the hub), makes
 * sure it has a key to encrypt to. When the client's JWKS does not answer, the keys fetched before are used (see
 * {@link #keepCachedKeys}); when none was ever fetched on this node, the request is refused with a 400
 * {@code invalid_client} naming the cause, as Keycloak refuses a client whose signing keys it cannot load.
 * Keycloak alone answers both cases with a 500 (an empty body at the userinfo endpoint).
 */
public final class EncryptionKeyCheck implements ClientPolicyExecutorProvider<ClientPolicyExecutorConfigurationRepresentation> {

    private static final Logger LOG = Logger.getLogger(EncryptionKeyCheck.class);

    /** Reads only what is cached: a lookup with it never fetches the JWKS. */
    private static final PublicKeyLoader NOT_FETCHED = () -> {
        throw new IllegalStateException("no encryption keys cached for this client");
    };

    private final KeycloakSession session;

    EncryptionKeyCheck(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        switch (context.getEvent()) {
            case TOKEN_REQUEST, TOKEN_REFRESH -> requireKey(OIDCConfigAttributes.ID_TOKEN_ENCRYPTED_RESPONSE_ALG, "ID token");
            case USERINFO_REQUEST -> requireKey(OIDCConfigAttributes.USER_INFO_ENCRYPTED_RESPONSE_ALG, "userinfo response");
            default -> {
            }
        }
    }

    private void requireKey(String algAttribute, String what) throws ClientPolicyException {
        ClientModel client = session.getContext().getClient();
        String alg = client == null ? null : client.getAttribute(algAttribute);
        if (alg == null || alg.isBlank()) {
            return;
        }
        KeyWrapper key;
        try {
            key = PublicKeyStorageManager.getClientPublicKeyWrapper(session, client, JWK.Use.ENCRYPTION, alg);
        } catch (RuntimeException e) {
            LOG.warnf("Could not fetch the encryption keys of client %s; using the ones fetched before, if any: %s",
                    client.getClientId(), e.getMessage());
            key = keepCachedKeys(client, alg);
        }
        if (key == null) {
            throw new ClientPolicyException(OAuthErrorException.INVALID_CLIENT, "No " + alg + " encryption key of the client"
                    + " could be fetched from its jwks_uri: the " + what + " cannot be encrypted", Response.Status.BAD_REQUEST);
        }
    }

    /**
     * Keycloak fetches a client's JWKS again each time it encrypts, once its last fetch is 10 s old, and fails the
     * request when that fetch fails, even with keys in its cache. Stored again now, the cached keys are what
     * Keycloak's own lookup, next in this request, finds without fetching: a JWKS that is down costs nothing while
     * keys fetched before are there. Returns the key for {@code alg}, or null when none was ever fetched.
     */
    private KeyWrapper keepCachedKeys(ClientModel client, String alg) {
        PublicKeyStorageProvider storage = session.getProvider(PublicKeyStorageProvider.class);
        String cacheKey = PublicKeyStorageUtils.getClientModelCacheKey(client.getRealm().getId(), client.getId(), JWK.Use.ENCRYPTION);
        List<KeyWrapper> cached;
        try {
            cached = storage.getKeys(cacheKey, NOT_FETCHED);
        } catch (RuntimeException none) {
            return null;
        }
        if (cached == null || cached.isEmpty()) {
            return null;
        }
        storage.reloadKeys(cacheKey, () -> new PublicKeysWrapper(cached));
        return cached.stream().filter(key -> alg.equals(key.getAlgorithmOrDefault())).findFirst().orElse(null);
    }

    @Override
    public String getProviderId() {
        return EncryptionKeyCheckFactory.PROVIDER_ID;
    }
}
