package fr.idnum.demorp.signin;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;

/**
 * The realm as this service knows it: its discovery document, read on first use (the service may start
 * before Keycloak answers) and kept, and its signing keys, cached and fetched again on an unknown
 * {@code kid} (key rotation) by nimbus' JWK source.
 */
public final class OpenIdProvider {

    private final Issuer issuer;
    private volatile OIDCProviderMetadata metadata;
    private volatile JWKSource<SecurityContext> keys;

    public OpenIdProvider(URI issuer) {
        this.issuer = new Issuer(issuer);
    }

    public Issuer issuer() {
        return issuer;
    }

    /** The discovery document; on failure the next call tries again. */
    public OIDCProviderMetadata metadata() throws IOException {
        OIDCProviderMetadata known = metadata;
        if (known == null) {
            synchronized (this) {
                if (metadata == null) {
                    try {
                        metadata = OIDCProviderMetadata.resolve(issuer);
                    } catch (GeneralException e) {
                        throw new IOException("Discovery of " + issuer + " failed: " + e.getMessage(), e);
                    }
                }
                known = metadata;
            }
        }
        return known;
    }

    /** The realm's published signing keys ({@code jwks_uri}). */
    public JWKSource<SecurityContext> keys() throws IOException {
        JWKSource<SecurityContext> known = keys;
        if (known == null) {
            synchronized (this) {
                if (keys == null) {
                    try {
                        keys = JWKSourceBuilder.create(metadata().getJWKSetURI().toURL()).build();
                    } catch (MalformedURLException e) {
                        throw new IOException("jwks_uri " + metadata().getJWKSetURI(), e);
                    }
                }
                known = keys;
            }
        }
        return known;
    }
}
