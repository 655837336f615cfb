package fr.idnum.protocol;

import java.net.URI;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * The sign-in challenge as the phone receives it: a JWS signed by one of the realm's signing keys (published
 * in its JWKS), so the app knows the request really comes from us before it shows who is asking.
 * Header {@code typ} = {@link #TYPE}; claims: {@code iss} (the realm's issuer), {@code aud} (the device
 * credential id), {@code iat}, {@code exp} (the challenge's own expiry) and those named below.
 */
public final class Challenges {

    public static final String TYPE = "idnum-challenge+jwt";
    public static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256, JWSAlgorithm.PS256);

    public static final String CHALLENGE_ID = "challenge_id";
    public static final String NONCE = "nonce";
    /** Who asks: the relying party's name, or "via FranceConnect+" for the hub (which never says whom for). */
    public static final String CLIENT_NAME = "client_name";
    /** Coarse context of the browser that asked: family and operating system, never an address. */
    public static final String BROWSER = "browser";
    public static final String OPERATING_SYSTEM = "os";
    /** The numbers the phone offers; one is shown in the browser. Absent when number matching is off. */
    public static final String NUMBER_CHOICES = "number_choices";

    private Challenges() {
    }

    /** What the phone shows and answers. */
    public record Challenge(String id, String nonce, String clientName, String browser, String operatingSystem,
                            Instant requestedAt, Instant expiresAt, List<Integer> numberChoices) {

        public boolean numberMatching() {
            return !numberChoices.isEmpty();
        }
    }

    /** Why the phone refuses a challenge document; the app then shows nothing. */
    public static final class InvalidChallenge extends Exception {
        public InvalidChallenge(String message) {
            super(message);
        }
    }

    /** Signs a challenge for one device (server side). */
    public static String sign(Challenge challenge, URI issuer, String credentialId, JWSSigner signer, JWSAlgorithm alg, String kid) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer.toString())
                .audience(credentialId)
                .issueTime(Date.from(challenge.requestedAt()))
                .expirationTime(Date.from(challenge.expiresAt()))
                .claim(CHALLENGE_ID, challenge.id())
                .claim(NONCE, challenge.nonce())
                .claim(CLIENT_NAME, challenge.clientName())
                .claim(BROWSER, challenge.browser())
                .claim(OPERATING_SYSTEM, challenge.operatingSystem());
        if (challenge.numberMatching()) {
            claims.claim(NUMBER_CHOICES, challenge.numberChoices());
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).type(new JOSEObjectType(TYPE)).keyID(kid).build(), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign the challenge", e);
        }
        return jwt.serialize();
    }

    /** Checks a challenge document against the realm's JWKS (phone side) and reads it. */
    public static Challenge verify(String jws, JWKSet realmKeys, URI issuer, String credentialId, Instant now) throws InvalidChallenge {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(jws.trim());
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | RuntimeException e) {
            throw new InvalidChallenge("not a signed challenge");
        }
        JWSHeader header = jwt.getHeader();
        if (header.getType() == null || !TYPE.equals(header.getType().getType()) || !ALGORITHMS.contains(header.getAlgorithm())) {
            throw new InvalidChallenge("not a challenge of this realm (typ or alg)");
        }
        JWK key = header.getKeyID() == null ? null : realmKeys.getKeyByKeyId(header.getKeyID());
        if (key == null) {
            throw new InvalidChallenge("signed by a key the realm does not publish");
        }
        try {
            JWSVerifier verifier = key instanceof ECKey ec ? new DefaultJWSVerifierFactory().createJWSVerifier(header, ec.toECPublicKey())
                    : new DefaultJWSVerifierFactory().createJWSVerifier(header, ((RSAKey) key).toRSAPublicKey());
            if (!jwt.verify(verifier)) {
                throw new InvalidChallenge("bad signature");
            }
        } catch (JOSEException | ClassCastException e) {
            throw new InvalidChallenge("cannot verify with the realm's key");
        }
        if (!issuer.toString().equals(claims.getIssuer()) || claims.getAudience() == null || !claims.getAudience().contains(credentialId)) {
            throw new InvalidChallenge("meant for another realm or another phone");
        }
        Date exp = claims.getExpirationTime();
        if (exp == null || !exp.toInstant().isAfter(now.minusSeconds(DeviceApi.CLOCK_SKEW_SECONDS))) {
            throw new InvalidChallenge("expired");
        }
        try {
            List<Integer> choices = new ArrayList<>();
            Object raw = claims.getClaim(NUMBER_CHOICES);
            if (raw instanceof List<?> list) {
                for (Object n : list) {
                    choices.add(((Number) n).intValue());
                }
            }
            String id = claims.getStringClaim(CHALLENGE_ID);
            String nonce = claims.getStringClaim(NONCE);
            if (id == null || id.isBlank() || nonce == null || nonce.isBlank()) {
                throw new InvalidChallenge("malformed claims: no challenge id or nonce to answer");
            }
            return new Challenge(id, nonce, claims.getStringClaim(CLIENT_NAME),
                    claims.getStringClaim(BROWSER), claims.getStringClaim(OPERATING_SYSTEM),
                    claims.getIssueTime().toInstant(), exp.toInstant(), List.copyOf(choices));
        } catch (ParseException | RuntimeException e) {
            throw new InvalidChallenge("malformed claims");
        }
    }

    /** The claims of a challenge, for tests and tools that need to look inside without trusting. */
    public static Map<String, Object> unverifiedClaims(String jws) throws ParseException {
        return SignedJWT.parse(jws).getJWTClaimsSet().getClaims();
    }
}
