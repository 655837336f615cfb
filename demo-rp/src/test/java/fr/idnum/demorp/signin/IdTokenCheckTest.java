package fr.idnum.demorp.signin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.Nonce;
import org.junit.jupiter.api.Test;

import fr.idnum.demorp.signin.SignInRefused.Reason;

class IdTokenCheckTest {

    private static final String ISSUER = "http://localhost:8080/realms/idnum";
    private static final String CLIENT = "mon-compte-formation";
    private static final RSAKey REALM_KEY = generate("realm-key");
    private static final RSAKey OTHER_KEY = generate("realm-key");

    private final Nonce nonce = new Nonce();
    private final IdTokenCheck check = new IdTokenCheck(new Issuer(ISSUER), new ClientID(CLIENT), JWSAlgorithm.RS256,
            new ImmutableJWKSet<>(new JWKSet(REALM_KEY.toPublicJWK())));

    @Test
    void acceptsATokenOfTheRealmForThisRequest() throws Exception {
        var claims = check.verify(token(REALM_KEY, c -> { }), nonce, Level.EIDAS1);
        assertEquals("eidas1", claims.getACR().getValue());
    }

    @Test
    void acceptsAHigherLevelThanAsked() throws Exception {
        var claims = check.verify(token(REALM_KEY, c -> c.claim("acr", "eidas2")), nonce, Level.EIDAS1);
        assertEquals("eidas2", claims.getACR().getValue());
    }

    @Test
    void refusesATokenIssuedForAnotherSignIn() {
        assertRefused(Reason.NONCE, token(REALM_KEY, c -> c.claim("nonce", new Nonce().getValue())), Level.EIDAS1);
    }

    @Test
    void refusesATokenForAnotherClient() {
        assertRefused(Reason.AUDIENCE, token(REALM_KEY, c -> c.audience("another-service")), Level.EIDAS1);
    }

    @Test
    void refusesALowerLevelThanAsked() {
        assertRefused(Reason.ACR_TOO_LOW, token(REALM_KEY, c -> { }), Level.EIDAS2);
    }

    @Test
    void refusesAnUnknownOrMissingLevel() {
        assertRefused(Reason.ACR_UNKNOWN, token(REALM_KEY, c -> c.claim("acr", "1")), Level.EIDAS1);
        assertRefused(Reason.ACR_UNKNOWN, token(REALM_KEY, c -> c.claim("acr", null)), Level.EIDAS1);
    }

    @Test
    void refusesATokenOfAnotherIssuer() {
        assertRefused(Reason.WRONG_ISSUER, token(REALM_KEY, c -> c.issuer("http://localhost:8080/realms/other")), Level.EIDAS1);
    }

    @Test
    void refusesAnExpiredToken() {
        Instant past = Instant.now().minusSeconds(600);
        assertRefused(Reason.EXPIRED, token(REALM_KEY, c -> c.issueTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(60)))),
                Level.EIDAS1);
    }

    @Test
    void refusesATokenSignedWithAKeyTheRealmDoesNotPublish() {
        assertRefused(Reason.SIGNATURE, token(OTHER_KEY, c -> { }), Level.EIDAS1);
    }

    private void assertRefused(Reason expected, SignedJWT token, Level requested) {
        SignInRefused refusal = assertThrows(SignInRefused.class, () -> check.verify(token, nonce, requested));
        assertEquals(expected, refusal.reason(), refusal.getMessage());
    }

    /** An ID token as the realm issues it for this client at eidas1, changed by {@code change}. */
    private SignedJWT token(RSAKey key, Consumer<JWTClaimsSet.Builder> change) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("3f1c0a4e-citizen")
                .audience(CLIENT)
                .claim("azp", CLIENT)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(60)))
                .claim("nonce", nonce.getValue())
                .claim("acr", "eidas1")
                .claim("amr", List.of("pwd"));
        change.accept(claims);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims.build());
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt;
    }

    private static RSAKey generate(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
