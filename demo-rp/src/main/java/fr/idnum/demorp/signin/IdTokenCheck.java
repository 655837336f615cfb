package fr.idnum.demorp.signin;

import java.text.ParseException;
import java.util.Date;
import java.util.Objects;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;

import fr.idnum.demorp.signin.SignInRefused.Reason;

/**
 * The checks of docs/relying-party-guide.md, "Validating the ID token": nimbus' {@link IDTokenValidator} does the
 * signature (only the registered algorithm, key from the realm's JWKS), {@code iss}, {@code aud}/{@code azp},
 * {@code exp}/{@code iat} and {@code nonce}; this class adds the level ({@code acr} at least the one asked for)
 * and says which check failed, so the citizen's page can tell them.
 */
public final class IdTokenCheck {

    private final Issuer issuer;
    private final ClientID clientId;
    private final IDTokenValidator validator;

    public IdTokenCheck(Issuer issuer, ClientID clientId, JWSAlgorithm algorithm, JWKSource<SecurityContext> keys) {
        this.issuer = issuer;
        this.clientId = clientId;
        this.validator = new IDTokenValidator(issuer, clientId, new JWSVerificationKeySelector<>(algorithm, keys), null);
    }

    /** The token's claims once every check passed. */
    public IDTokenClaimsSet verify(JWT idToken, Nonce expectedNonce, Level requested) throws SignInRefused {
        IDTokenClaimsSet claims;
        try {
            claims = validator.validate(idToken, expectedNonce);
        } catch (BadJOSEException | JOSEException e) {
            throw new SignInRefused(whichCheckFailed(idToken, expectedNonce), e.getMessage(), e);
        }
        String acr = claims.getACR() == null ? null : claims.getACR().getValue();
        Level reached = Level.ofAcr(acr)
                .orElseThrow(() -> new SignInRefused(Reason.ACR_UNKNOWN, "acr " + acr));
        if (!reached.satisfies(requested)) {
            throw new SignInRefused(Reason.ACR_TOO_LOW, "acr " + acr + " for a request of " + requested.acr());
        }
        return claims;
    }

    /**
     * nimbus reports a failed check as a message; the claims themselves say which one it was. They are only
     * read to name the refusal, which happens whatever they say. The signature is what is left.
     */
    private Reason whichCheckFailed(JWT idToken, Nonce expectedNonce) {
        JWTClaimsSet claims;
        try {
            claims = idToken.getJWTClaimsSet();
        } catch (ParseException e) {
            return Reason.SIGNATURE;
        }
        if (!issuer.getValue().equals(claims.getIssuer())) {
            return Reason.WRONG_ISSUER;
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(clientId.getValue())) {
            return Reason.AUDIENCE;
        }
        if (!Objects.equals(expectedNonce.getValue(), claims.getClaim("nonce"))) {
            return Reason.NONCE;
        }
        Date expiry = claims.getExpirationTime();
        if (expiry == null || expiry.before(new Date())) {
            return Reason.EXPIRED;
        }
        return Reason.SIGNATURE;
    }
}
