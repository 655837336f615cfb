package fr.idnum.keycloak.logout;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import fr.idnum.protocol.PrintableText;
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
import org.keycloak.protocol.oidc.OIDCAdvancedConfigWrapper;
import org.keycloak.protocol.oidc.OIDCConfigAttributes;
import org.keycloak.protocol.oidc.utils.RedirectUtils;

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

    /**
     * The client the hint was encrypted to (and the one asked for, if any). First by the key id in its header,
     * among the keys the client publishes now. A client that rotated its keys since the token was issued no
     * longer publishes that id: then, among the clients that ask for tokens encrypted with the header's
     * algorithm, the one whose registered post-logout URIs accept the request's {@code post_logout_redirect_uri}
     * (or the only such client when the request names none). Two candidates or none: no client, and
     * Keycloak's own rules answer. Naming a client grants nothing either way (see the class comment): the
     * citizen still confirms, and Keycloak still only redirects to that client's registered URIs.
     */
    public Optional<ClientModel> client(String encryptedHint, String requestedClientId, String postLogoutRedirectUri) {
        JOSE jose = JOSEParser.parse(encryptedHint);
        if (!(jose instanceof JWE jwe) || !(jwe.getHeader() instanceof JWEHeader header) || header.getAlgorithm() == null) {
            return Optional.empty();
        }
        String kid = header.getKeyId();
        String alg = header.getAlgorithm();
        List<ClientModel> candidates = realm.getClientsStream()
                .filter(c -> requestedClientId == null || requestedClientId.equals(c.getClientId()))
                .filter(c -> alg.equals(c.getAttribute(OIDCConfigAttributes.ID_TOKEN_ENCRYPTED_RESPONSE_ALG)))
                .toList();
        if (kid != null) {
            Optional<ClientModel> byKey = candidates.stream().filter(c -> hasEncryptionKey(c, kid, alg)).findFirst();
            if (byKey.isPresent()) {
                return byKey;
            }
        }
        List<ClientModel> byUri = candidates.stream()
                .filter(c -> postLogoutRedirectUri == null || acceptsPostLogoutUri(c, postLogoutRedirectUri))
                .toList();
        if (byUri.size() == 1) {
            LOG.debugf("Encrypted id_token_hint with kid %s matches no current key; taken as client %s's by its algorithm"
                    + " and post-logout URI", PrintableText.forLog(kid), byUri.get(0).getClientId());
            return Optional.of(byUri.get(0));
        }
        LOG.debugf("Encrypted id_token_hint with kid %s names no single client (%d candidates)", PrintableText.forLog(kid),
                byUri.size());
        return Optional.empty();
    }

    private boolean acceptsPostLogoutUri(ClientModel client, String uri) {
        List<String> registered = OIDCAdvancedConfigWrapper.fromClientModel(client).getPostLogoutRedirectUris();
        if (registered == null || registered.isEmpty()) {
            return false;
        }
        // "+" means "the same as the redirect URIs", as Keycloak's logout endpoint reads it.
        Set<String> valid = new HashSet<>();
        for (String entry : registered) {
            if ("+".equals(entry)) {
                valid.addAll(client.getRedirectUris());
            } else {
                valid.add(entry);
            }
        }
        return RedirectUtils.verifyRedirectUri(session, client.getRootUrl(), uri, valid, true) != null;
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
