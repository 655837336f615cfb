package fr.idnum.protocol;

import java.security.PrivateKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;

/**
 * The 4-digit code as it travels: a compact JWE to the realm's RSA encryption key (published in the realm's
 * JWKS with {@code "use":"enc"}), so no proxy, log or trace on the way ever holds it. The plaintext is a small
 * JSON object naming its purpose and time, so an envelope made for one operation is refused by another and
 * an old one is refused by all.
 */
public final class PinEnvelope {

    /** Key management algorithms the server accepts (the realm's key declares which one it is for). */
    public static final Set<JWEAlgorithm> ALGORITHMS = Set.of(JWEAlgorithm.RSA_OAEP_256, JWEAlgorithm.RSA_OAEP);
    public static final EncryptionMethod ENCRYPTION = EncryptionMethod.A256GCM;

    /** What an envelope may be used for. */
    public static final String PURPOSE_ACTIVATION = "activation";
    public static final String PURPOSE_PIN_CHANGE_OLD = "pin-change-old";
    public static final String PURPOSE_PIN_CHANGE_NEW = "pin-change-new";
    public static final String PURPOSE_CHALLENGE = "challenge";
    public static final String PURPOSE_SIGN_IN_UNLOCK = "sign-in-unlock";
    public static final String PURPOSE_PUSH_TOKEN = "push-token";
    public static final String PURPOSE_DEACTIVATION = "deactivation";

    static final String PIN_CLAIM = "pin";
    static final String PURPOSE_CLAIM = "purpose";
    /** The {@code jti} of the one device request the envelope may travel in: no reuse in another request. */
    static final String REQUEST_CLAIM = "req";

    /** An envelope older than this (or dated this far in the future) is refused. */
    public static final Duration MAX_AGE = Duration.ofSeconds(DeviceApi.MAX_REQUEST_LIFETIME_SECONDS);

    private PinEnvelope() {
    }

    /** Why an envelope was refused; the message never contains the code. */
    public static final class InvalidPinEnvelope extends Exception {
        public InvalidPinEnvelope(String message) {
            super(message);
        }
    }

    /**
     * Seals {@code pin} for {@code purpose} and for the device request whose {@code jti} is {@code requestId} to the
     * realm's public encryption key (as the app does).
     */
    public static String seal(String pin, String purpose, String requestId, RSAKey realmEncryptionKey, Instant now) {
        if (requestId == null || requestId.isBlank()) {
            throw new IllegalArgumentException("A sealed code names the request it travels in");
        }
        JWEAlgorithm alg = realmEncryptionKey.getAlgorithm() == null
                ? JWEAlgorithm.RSA_OAEP_256 : JWEAlgorithm.parse(realmEncryptionKey.getAlgorithm().getName());
        if (!ALGORITHMS.contains(alg)) {
            throw new IllegalArgumentException("The realm key is for " + alg + ", not an accepted PIN algorithm");
        }
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .claim(PIN_CLAIM, pin)
                .claim(PURPOSE_CLAIM, purpose)
                .claim(REQUEST_CLAIM, requestId)
                .issueTime(Date.from(now))
                .build();
        JWEObject jwe = new JWEObject(new JWEHeader.Builder(alg, ENCRYPTION).keyID(realmEncryptionKey.getKeyID()).build(),
                new Payload(claims.toJSONObject()));
        try {
            jwe.encrypt(new RSAEncrypter(realmEncryptionKey));
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot encrypt to the realm key", e);
        }
        return jwe.serialize();
    }

    /** The {@code kid} the envelope names, so the server picks the matching realm key. */
    public static String keyId(String envelope) throws InvalidPinEnvelope {
        return parse(envelope).getHeader().getKeyID();
    }

    /**
     * Opens an envelope with the realm's private key; returns the code, checked for purpose, age and request: it must
     * name {@code requestId}, the {@code jti} of the device request it came in (single use, so the envelope is too).
     */
    public static String open(String envelope, PrivateKey realmKey, String expectedPurpose, String requestId, Instant now)
            throws InvalidPinEnvelope {
        JWEObject jwe = parse(envelope);
        JWEHeader header = jwe.getHeader();
        // A header without "alg" parses with a null algorithm, which Set.of(...).contains refuses with a
        // NullPointerException (found by PinEnvelopeFuzzTest).
        if (header.getAlgorithm() == null || !ALGORITHMS.contains(header.getAlgorithm())
                || !ENCRYPTION.equals(header.getEncryptionMethod())) {
            throw new InvalidPinEnvelope("the code must be encrypted with RSA-OAEP(-256) and A256GCM");
        }
        try {
            jwe.decrypt(new RSADecrypter(realmKey));
        } catch (JOSEException e) {
            throw new InvalidPinEnvelope("the code is not encrypted to this realm's key");
        }
        JWTClaimsSet claims;
        try {
            claims = JWTClaimsSet.parse(jwe.getPayload().toJSONObject());
        } catch (ParseException | RuntimeException e) {
            throw new InvalidPinEnvelope("the encrypted code is not a JSON object");
        }
        Object purpose = claims.getClaim(PURPOSE_CLAIM);
        if (!expectedPurpose.equals(purpose)) {
            throw new InvalidPinEnvelope("the encrypted code was made for another operation");
        }
        if (requestId == null || !requestId.equals(claims.getClaim(REQUEST_CLAIM))) {
            throw new InvalidPinEnvelope("the encrypted code was made for another request");
        }
        Date issued = claims.getIssueTime();
        Duration skew = Duration.ofSeconds(DeviceApi.CLOCK_SKEW_SECONDS);
        if (issued == null || issued.toInstant().isBefore(now.minus(MAX_AGE).minus(skew))
                || issued.toInstant().isAfter(now.plus(skew))) {
            throw new InvalidPinEnvelope("the encrypted code is too old or dated in the future");
        }
        if (!(claims.getClaim(PIN_CLAIM) instanceof String pin)) {
            throw new InvalidPinEnvelope("the encrypted code holds no code");
        }
        return pin;
    }

    private static JWEObject parse(String envelope) throws InvalidPinEnvelope {
        if (envelope == null || envelope.isEmpty()) {
            throw new InvalidPinEnvelope("the encrypted code is missing");
        }
        try {
            return JWEObject.parse(envelope);
        } catch (ParseException | RuntimeException e) {
            // Nimbus throws a NullPointerException, not a ParseException, for a header without "enc" (found by
            // PinEnvelopeFuzzTest): any failure to read the envelope is the client's malformed envelope.
            throw new InvalidPinEnvelope("the encrypted code is not a compact JWE");
        }
    }
}
