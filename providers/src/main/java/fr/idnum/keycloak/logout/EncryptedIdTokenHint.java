package fr.idnum.keycloak.logout;

import java.util.Optional;
import java.util.UUID;

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
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.OIDCConfigAttributes;
import org.keycloak.representations.IDToken;
import org.keycloak.services.Urls;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.common.util.Time;

/**
 * Makes an {@code id_token_hint} that is an ID token we encrypted to the client (as a FranceConnect+-like
 * hub sends it back at logout) usable by Keycloak's end-session endpoint, which only reads signed ones.
 *
 * <p>We cannot decrypt it: only the client holds the key. We recognise instead what it is: a JWE whose
 * {@code kid} is one of the encryption keys registered for a client to which we encrypt ID tokens, sent by
 * a browser whose live session signed in to that very client. Then, and only then, we give Keycloak a
 * short-lived hint of our own for that session; otherwise the request goes on with the client's id but
 * no hint, and Keycloak applies its own rules (no session: straight back to the client; another session:
 * the citizen is asked to confirm).
 */
public final class EncryptedIdTokenHint {

    private static final Logger LOG = Logger.getLogger(EncryptedIdTokenHint.class);
    private static final int HINT_LIFETIME_SECONDS = 60;

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

    /**
     * What an encrypted hint tells about the logout request: the client it was issued to (if its key is one
     * registered for a client we encrypt ID tokens to) and, when this browser's live session signed in to
     * that client, a signed hint for that session.
     */
    public record Resolution(Optional<ClientModel> client, Optional<String> signedHint) {
        static final Resolution NONE = new Resolution(Optional.empty(), Optional.empty());
    }

    public Resolution resolve(String encryptedHint, String requestedClientId) {
        JOSE jose = JOSEParser.parse(encryptedHint);
        if (!(jose instanceof JWE jwe) || !(jwe.getHeader() instanceof JWEHeader header) || header.getKeyId() == null) {
            return Resolution.NONE;
        }
        Optional<ClientModel> client = clientOwningKey(header.getKeyId(), header.getAlgorithm(), requestedClientId);
        if (client.isEmpty()) {
            LOG.debugf("Encrypted id_token_hint with kid %s matches no client's encryption key", header.getKeyId());
            return Resolution.NONE;
        }
        AuthenticationManager.AuthResult browserSession = AuthenticationManager.authenticateIdentityCookie(session, realm, true);
        if (browserSession == null
                || browserSession.session().getAuthenticatedClientSessionByClient(client.get().getId()) == null) {
            return new Resolution(client, Optional.empty());
        }
        return new Resolution(client, Optional.of(signedHint(client.get(), browserSession.session())));
    }

    private Optional<ClientModel> clientOwningKey(String kid, String alg, String requestedClientId) {
        return realm.getClientsStream()
                .filter(c -> requestedClientId == null || requestedClientId.equals(c.getClientId()))
                .filter(c -> alg != null && alg.equals(c.getAttribute(OIDCConfigAttributes.ID_TOKEN_ENCRYPTED_RESPONSE_ALG)))
                .filter(c -> hasEncryptionKey(c, kid, alg))
                .findFirst();
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

    private String signedHint(ClientModel client, UserSessionModel userSession) {
        IDToken hint = new IDToken();
        long now = Time.currentTime();
        hint.id(UUID.randomUUID().toString());
        hint.issuer(Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()));
        hint.audience(client.getClientId());
        hint.issuedFor(client.getClientId());
        hint.subject(userSession.getUser().getId());
        hint.setSessionId(userSession.getId());
        hint.type("ID");
        hint.iat(now);
        hint.exp(now + HINT_LIFETIME_SECONDS);
        // The hint is signed like the client's ID tokens, so Keycloak verifies it exactly as one of them.
        ClientModel previous = session.getContext().getClient();
        session.getContext().setClient(client);
        try {
            return session.tokens().encode(hint);
        } finally {
            session.getContext().setClient(previous);
        }
    }
}
