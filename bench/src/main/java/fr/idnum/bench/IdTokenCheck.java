package fr.idnum.bench;

import java.net.MalformedURLException;
import java.net.URI;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;

/**
 * Validates an ID token as a relying party must: signature against the realm's published JWKS (fetched once,
 * cached), issuer, audience, expiry, nonce; then the level reached ({@code acr}).
 */
final class IdTokenCheck {

    private final IDTokenValidator validator;

    IdTokenCheck(URI issuer, URI jwksUri, String clientId) {
        try {
            // Nimbus' default 500 ms timeouts would fail sign-ins whose JWKS refresh meets a saturated server.
            JWKSource<SecurityContext> keys = JWKSourceBuilder.create(jwksUri.toURL(), new DefaultResourceRetriever(30_000, 30_000))
                    .retrying(true).build();
            this.validator = new IDTokenValidator(new Issuer(issuer), new ClientID(clientId),
                    new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys), null);
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(jwksUri.toString(), e);
        }
    }

    /** Throws when the token is not valid or does not state {@code expectedAcr} (when not null). */
    IDTokenClaimsSet validate(String idToken, Nonce nonce, String expectedAcr) {
        IDTokenClaimsSet claims;
        try {
            claims = validator.validate(JWTParser.parse(idToken), nonce);
        } catch (java.text.ParseException | BadJOSEException | JOSEException e) {
            throw new IllegalStateException("invalid ID token: " + e.getMessage(), e);
        }
        if (expectedAcr != null && (claims.getACR() == null || !expectedAcr.equals(claims.getACR().getValue()))) {
            throw new IllegalStateException("ID token at acr " + (claims.getACR() == null ? "none" : claims.getACR().getValue())
                    + ", expected " + expectedAcr);
        }
        return claims;
    }
}
