package fr.idnum.keycloak.clientkeys;

import org.keycloak.crypto.PublicKeysWrapper;
import org.keycloak.jose.jwk.JWK;
import org.keycloak.keys.PublicKeyLoader;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.utils.JWKSHttpUtils;
import org.keycloak.util.JWKSUtils;

/**
 * Loads the encryption keys a client publishes at an absolute JWKS URL, without an HTTP request being served.
 * Keycloak's {@code ClientPublicKeyLoader} first resolves the URL against the request's base URI, which a timer
 * task does not have: there, every load failed with {@code ContextNotActiveException} and the refresh never
 * fetched anything. The keys are read as Keycloak's loader reads them, so the cache entry is the same.
 */
final class ClientJwksLoader implements PublicKeyLoader {

    private final KeycloakSession session;
    private final String jwksUrl;

    ClientJwksLoader(KeycloakSession session, String jwksUrl) {
        this.session = session;
        this.jwksUrl = jwksUrl;
    }

    /** A URL relative to Keycloak's own ("/…") needs a request's base URI: left to Keycloak's loader. */
    static boolean isAbsolute(String jwksUrl) {
        return jwksUrl != null && !jwksUrl.startsWith("/");
    }

    @Override
    public PublicKeysWrapper loadKeys() throws Exception {
        return JWKSUtils.getKeyWrappersForUse(JWKSHttpUtils.sendJwksRequest(session, jwksUrl), JWK.Use.ENCRYPTION, true);
    }
}
