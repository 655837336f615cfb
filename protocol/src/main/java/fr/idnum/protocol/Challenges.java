package fr.idnum.protocol;

import java.net.URI;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
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
    /**
     * {@code true}: the app asks the citizen to type the two-digit number the browser shows (the phone is never
     * told it: a choice among a few would be a guess one time in three). Absent or false: no number is asked.
     */
    public static final String NUMBER_MATCHING = "number_matching";
    /**
     * {@code true} when this request replaced one that was still waiting for this phone (another browser, or the
     * same one asking again): the app says so, since an unexpected replacement is a sign that someone else asks.
     */
    public static final String REPLACES_PREVIOUS = "replaces_previous";
    /**
     * {@code true} when the push service said it no longer knows this phone's push token: nothing is pushed to the
     * phone until it sends a new one ({@link DeviceApi#PUSH_TOKEN}), so the app fetches a fresh token and sends it
     * with the code the citizen types next. The same fact as {@link DeviceApi#PUSH_TOKEN_STATUS_HEADER}, signed.
     */
    public static final String PUSH_TOKEN_UNREGISTERED = "push_token_unregistered";
    /** The number the citizen types: two digits, 10 to 99. */
    public static final int NUMBER_MIN = 10;
    public static final int NUMBER_MAX = 99;

    private Challenges() {
    }

    /** What the phone shows and answers, and whether its push token must be sent again. */
    public record Challenge(String id, String nonce, String clientName, String browser, String operatingSystem,
                            Instant requestedAt, Instant expiresAt, boolean numberMatching, boolean replacesPrevious,
                            boolean pushTokenUnregistered) {

        /** A challenge for a phone whose push token is not known to be dead. */
        public Challenge(String id, String nonce, String clientName, String browser, String operatingSystem,
                         Instant requestedAt, Instant expiresAt, boolean numberMatching, boolean replacesPrevious) {
            this(id, nonce, clientName, browser, operatingSystem, requestedAt, expiresAt, numberMatching, replacesPrevious, false);
        }

        /** The same challenge, saying whether the push service no longer knows the phone's push token. */
        public Challenge withPushTokenUnregistered(boolean unregistered) {
            return new Challenge(id, nonce, clientName, browser, operatingSystem, requestedAt, expiresAt, numberMatching,
                    replacesPrevious, unregistered);
        }

        /** Whether {@code number} is one the citizen can type at all (two digits). */
        public static boolean wellFormedNumber(int number) {
            return number >= NUMBER_MIN && number <= NUMBER_MAX;
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
            claims.claim(NUMBER_MATCHING, true);
        }
        if (challenge.replacesPrevious()) {
            claims.claim(REPLACES_PREVIOUS, true);
        }
        if (challenge.pushTokenUnregistered()) {
            claims.claim(PUSH_TOKEN_UNREGISTERED, true);
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
            String id = claims.getStringClaim(CHALLENGE_ID);
            String nonce = claims.getStringClaim(NONCE);
            if (id == null || id.isBlank() || nonce == null || nonce.isBlank()) {
                throw new InvalidChallenge("malformed claims: no challenge id or nonce to answer");
            }
            return new Challenge(id, nonce, claims.getStringClaim(CLIENT_NAME),
                    claims.getStringClaim(BROWSER), claims.getStringClaim(OPERATING_SYSTEM),
                    claims.getIssueTime().toInstant(), exp.toInstant(), Boolean.TRUE.equals(claims.getBooleanClaim(NUMBER_MATCHING)),
                    Boolean.TRUE.equals(claims.getBooleanClaim(REPLACES_PREVIOUS)),
                    Boolean.TRUE.equals(claims.getBooleanClaim(PUSH_TOKEN_UNREGISTERED)));
        } catch (ParseException | RuntimeException e) {
            throw new InvalidChallenge("malformed claims");
        }
    }

    /** The claims of a challenge, for tests and tools that need to look inside without trusting. */
    public static Map<String, Object> unverifiedClaims(String jws) throws ParseException {
        return SignedJWT.parse(jws).getJWTClaimsSet().getClaims();
    }
}
