package fr.idnum.simulator.realm;

import java.net.URI;
import java.text.ParseException;
import java.util.Comparator;
import java.util.Map;

import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;

import fr.idnum.protocol.DeviceApi;
import fr.idnum.protocol.PinEnvelope;
import fr.idnum.simulator.http.Http;
import fr.idnum.simulator.http.HttpReply;

/**
 * The realm as the app knows it: only its issuer URL, everything else from its public metadata (OpenID
 * discovery and JWKS), the way a real app configured with one URL finds its endpoints, the key it seals
 * the PIN to and the keys that sign the challenges it receives.
 */
public final class Realm {

    /** The endpoints the app needs from the discovery document. */
    public record Metadata(URI authorizationEndpoint, URI tokenEndpoint, URI jwksUri) {
    }

    private final URI issuer;
    private final Http http;
    private volatile Metadata metadata;
    private volatile JWKSet keys;

    public Realm(URI issuer, Http http) {
        this.issuer = issuerOf(issuer);
        this.http = http;
    }

    /** The issuer as the realm writes it: without a trailing slash. */
    public static URI issuerOf(URI configured) {
        String text = configured.toString();
        return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }

    public URI issuer() {
        return issuer;
    }

    /** The device API URL of {@code path} ({@link DeviceApi} paths), also the audience of requests to it. */
    public URI endpoint(String path) {
        return DeviceApi.endpoint(issuer, path);
    }

    /** Discovery, fetched once; the issuer it declares must be the one configured (OpenID Connect Discovery §4.3). */
    public Metadata metadata() {
        Metadata known = metadata;
        if (known == null) {
            Map<String, Object> json = fetch(URI.create(issuer + "/.well-known/openid-configuration"));
            try {
                String declared = JSONObjectUtils.getString(json, "issuer");
                if (!issuer.toString().equals(declared)) {
                    throw new IllegalStateException("The realm at " + issuer + " declares the issuer " + declared);
                }
                known = new Metadata(JSONObjectUtils.getURI(json, "authorization_endpoint"),
                        JSONObjectUtils.getURI(json, "token_endpoint"), JSONObjectUtils.getURI(json, "jwks_uri"));
            } catch (ParseException e) {
                throw new IllegalStateException("The discovery document of " + issuer + " is incomplete", e);
            }
            metadata = known;
        }
        return known;
    }

    /**
     * The realm's RSA key for encryption ({@code "use":"enc"}) with an algorithm {@link PinEnvelope} accepts,
     * read afresh each time so a rotated key is picked up; RSA-OAEP-256 is preferred when both are published.
     */
    public RSAKey encryptionKey() {
        return refreshKeys().getKeys().stream()
                .filter(key -> key instanceof RSAKey && KeyUse.ENCRYPTION.equals(key.getKeyUse()))
                .filter(key -> key.getAlgorithm() == null || PinEnvelope.ALGORITHMS.contains(JWEAlgorithm.parse(key.getAlgorithm().getName())))
                .min(Comparator.comparing((JWK key) -> JWEAlgorithm.RSA_OAEP_256.equals(key.getAlgorithm()) ? 0 : 1))
                .map(JWK::toRSAKey)
                .orElseThrow(() -> new IllegalStateException("The realm " + issuer + " publishes no RSA encryption key"));
    }

    /** The realm's public keys (its JWKS) as last fetched; fetched on first use. */
    public JWKSet keys() {
        JWKSet known = keys;
        return known != null ? known : refreshKeys();
    }

    /** Fetches the JWKS again, e.g. when a document names a key id the phone does not know yet (key rotation). */
    public JWKSet refreshKeys() {
        try {
            JWKSet fetched = JWKSet.parse(fetch(metadata().jwksUri()));
            keys = fetched;
            return fetched;
        } catch (ParseException e) {
            throw new IllegalStateException("The JWKS of " + issuer + " is not a JWK set", e);
        }
    }

    private Map<String, Object> fetch(URI uri) {
        HttpReply reply = http.get(uri, null);
        if (reply.status() != 200) {
            throw new IllegalStateException("GET " + uri + " answered HTTP " + reply.status());
        }
        return reply.json();
    }
}
