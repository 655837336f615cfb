package fr.idnum.keycloak.logout;

import java.util.Optional;

import org.jboss.logging.Logger;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.jose.JOSE;
import org.keycloak.jose.JOSEParser;
import org.keycloak.jose.jwe.JWE;
import org.keycloak.jose.jwe.JWEHeader;
import org.keycloak.jose.jwk.JWK;
import org.keycloak.keys.loader.PublicKeyStorageManager;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCConfigAttributes;

/**
 * Makes sense of an {@code id_token_hint} that is an ID token we encrypted to the client, as a
 * FranceConnect+-like hub sends it back at logout. Keycloak's end-session endpoint only reads signed hints
 * and answers an encrypted one with an error page.
 *
 * <p>We cannot decrypt it (only the client holds the key), and its header ({@code kid}, {@code alg}) is
 * public, so anyone could forge one: it proves nothing about the session. All it can do is name the
 * client, by the encryption key registered for that client. Logout then goes on with that {@code client_id}
 * and no hint, under Keycloak's own rules: a browser without a session goes straight back to the client's
 * registered post-logout URI; a browser with a session is asked to confirm, so that no other site can end
 * a citizen's session behind their back.
 */
public final class EncryptedIdTokenHint {

    private static final Logger LOG = Logger.getLogger(EncryptedIdTokenHint.class);

    private final KeycloakSession session;
    private final RealmModel realm;

    public EncryptedIdTokenHint(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    public static boolean isEncrypted(String idTokenHint) {
        if (idTokenHint == null || idTokenHint.isBlank()) {
            return false;
        }
        try {
            return JOSEParser.parse(idTokenHint) instanceof JWE;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The client whose registered encryption key the hint names, if any (and the one asked for, if any). */
    public Optional<ClientModel> client(String encryptedHint, String requestedClientId) {
        JOSE jose = JOSEParser.parse(encryptedHint);
        if (!(jose instanceof JWE jwe) || !(jwe.getHeader() instanceof JWEHeader header) || header.getKeyId() == null) {
            return Optional.empty();
        }
        String kid = header.getKeyId();
        String alg = header.getAlgorithm();
        Optional<ClientModel> client = realm.getClientsStream()
                .filter(c -> requestedClientId == null || requestedClientId.equals(c.getClientId()))
                .filter(c -> alg != null && alg.equals(c.getAttribute(OIDCConfigAttributes.ID_TOKEN_ENCRYPTED_RESPONSE_ALG)))
                .filter(c -> hasEncryptionKey(c, kid, alg))
                .findFirst();
        if (client.isEmpty()) {
            LOG.debugf("Encrypted id_token_hint with kid %s matches no client's encryption key", kid);
        }
        return client;
    }

    private boolean hasEncryptionKey(ClientModel client, String kid, String alg) {
        try {
            KeyWrapper key = PublicKeyStorageManager.getClientPublicKeyWrapper(session, client, JWK.Use.ENCRYPTION, alg);
            return key != null && kid.equals(key.getKid());
        } catch (RuntimeException e) {
            LOG.debugf(e, "Could not load the encryption keys of client %s", client.getClientId());
            return false;
        }
    }
}
