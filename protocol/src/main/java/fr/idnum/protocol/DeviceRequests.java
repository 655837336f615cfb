package fr.idnum.protocol;

import java.net.URI;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * The JWS profile of device requests ({@link DeviceClaims}): how the app signs them and how the server checks
 * everything but single use of the {@code jti}, which needs the server's cluster-wide store.
 * The device key is an EC P-256 key, the only algorithm ES256.
 */
public final class DeviceRequests {

    public static final JWSAlgorithm ALGORITHM = JWSAlgorithm.ES256;

    private DeviceRequests() {
    }

    /** Why a request was refused; the message is safe to show to the caller. */
    public static final class InvalidDeviceRequest extends Exception {
        public InvalidDeviceRequest(String message) {
            super(message);
        }
    }

    /** A request whose signature, type, audience and times were checked. */
    public record Verified(ECKey deviceKey, JWTClaimsSet claims) {
        public String jti() {
            return claims.getJWTID();
        }

        public Instant expiresAt() {
            return claims.getExpirationTime().toInstant();
        }

        public String string(String claim) throws InvalidDeviceRequest {
            Object value = claims.getClaim(claim);
            if (value != null && !(value instanceof String)) {
                throw new InvalidDeviceRequest("claim '" + claim + "' must be a string");
            }
            return (String) value;
        }
    }

    /** The activation request: signed by the new key, which travels in the {@code jwk} header. */
    public static String signActivation(ECKey deviceKey, URI audience, Map<String, Object> claims, Instant now) {
        JWSHeader header = new JWSHeader.Builder(ALGORITHM)
                .type(new JOSEObjectType(DeviceClaims.ACTIVATION_TYPE))
                .jwk(deviceKey.toPublicJWK())
                .build();
        return sign(deviceKey, header, null, audience, claims, now);
    }

    /** A request of an activated device, naming its credential id as {@code kid} and {@code iss}. */
    public static String sign(ECKey deviceKey, String credentialId, URI audience, Map<String, Object> claims, Instant now) {
        JWSHeader header = new JWSHeader.Builder(ALGORITHM)
                .type(new JOSEObjectType(DeviceClaims.REQUEST_TYPE))
                .keyID(credentialId)
                .build();
        return sign(deviceKey, header, credentialId, audience, claims, now);
    }

    /** A fresh request id, for a request that carries a sealed code (see {@link DeviceClaims#REQUEST_ID}). */
    public static String newRequestId() {
        return UUID.randomUUID().toString();
    }

    private static String sign(ECKey key, JWSHeader header, String issuer, URI audience, Map<String, Object> claims, Instant now) {
        Object chosenId = claims.get(DeviceClaims.REQUEST_ID);
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience.toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(DeviceApi.MAX_REQUEST_LIFETIME_SECONDS)))
                .jwtID(chosenId instanceof String id ? id : newRequestId());
        claims.forEach((name, value) -> {
            if (!DeviceClaims.REQUEST_ID.equals(name)) {
                builder.claim(name, value);
            }
        });
        SignedJWT jwt = new SignedJWT(header, builder.build());
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign with the device key", e);
        }
        return jwt.serialize();
    }

    /** The {@code kid} header of a device request: which credential claims to have signed it. */
    public static String credentialId(String jws) throws InvalidDeviceRequest {
        SignedJWT jwt = parse(jws);
        String kid = jwt.getHeader().getKeyID();
        if (kid == null || kid.isBlank()) {
            throw new InvalidDeviceRequest("the request names no device (kid)");
        }
        return kid;
    }

    /** Checks an activation request; returns the device public key it carries and proved to hold. */
    public static Verified verifyActivation(String jws, URI audience, Instant now) throws InvalidDeviceRequest {
        SignedJWT jwt = parse(jws);
        checkHeader(jwt.getHeader(), DeviceClaims.ACTIVATION_TYPE);
        JWK jwk = jwt.getHeader().getJWK();
        if (!(jwk instanceof ECKey ecKey) || !Curve.P_256.equals(ecKey.getCurve())) {
            throw new InvalidDeviceRequest("the device key must be an EC P-256 public JWK in the 'jwk' header");
        }
        if (ecKey.isPrivate()) {
            throw new InvalidDeviceRequest("the device key in the 'jwk' header must be public only");
        }
        return verify(jwt, ecKey, null, audience, now);
    }

    /**
     * Whether {@code jws} carries a valid ES256 signature by {@code deviceKey}, whatever its header and claims say:
     * only then may a refusal say more than "no such phone" (the server tells a phone's own mistakes, an off clock or
     * another endpoint, to the phone alone, never to whoever merely names it).
     */
    public static boolean signedBy(String jws, ECKey deviceKey) {
        try {
            SignedJWT jwt = SignedJWT.parse(jws.trim());
            return ALGORITHM.equals(jwt.getHeader().getAlgorithm()) && jwt.verify(new ECDSAVerifier(deviceKey));
        } catch (ParseException | JOSEException | RuntimeException e) {
            return false;
        }
    }

    /** Checks a request of the device whose registered public key is {@code deviceKey}. */
    public static Verified verify(String jws, ECKey deviceKey, String credentialId, URI audience, Instant now)
            throws InvalidDeviceRequest {
        SignedJWT jwt = parse(jws);
        checkHeader(jwt.getHeader(), DeviceClaims.REQUEST_TYPE);
        if (!credentialId.equals(jwt.getHeader().getKeyID())) {
            throw new InvalidDeviceRequest("the request names another device");
        }
        return verify(jwt, deviceKey, credentialId, audience, now);
    }

    private static Verified verify(SignedJWT jwt, ECKey key, String issuer, URI audience, Instant now) throws InvalidDeviceRequest {
        try {
            if (!jwt.verify(new ECDSAVerifier(key))) {
                throw new InvalidDeviceRequest("the signature does not match the device key");
            }
        } catch (JOSEException e) {
            throw new InvalidDeviceRequest("the device key cannot verify this signature");
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new InvalidDeviceRequest("the signed payload is not a JSON object");
        }
        if (issuer != null && !issuer.equals(claims.getIssuer())) {
            throw new InvalidDeviceRequest("'iss' must be the device credential id");
        }
        List<String> aud = claims.getAudience();
        if (aud == null || aud.size() != 1 || !audience.toString().equals(aud.get(0))) {
            throw new InvalidDeviceRequest("'aud' must be exactly " + audience);
        }
        checkTimes(claims, now);
        if (claims.getJWTID() == null || claims.getJWTID().isBlank() || claims.getJWTID().length() > 128) {
            throw new InvalidDeviceRequest("'jti' must be a unique value of at most 128 characters");
        }
        return new Verified(key, claims);
    }

    private static void checkTimes(JWTClaimsSet claims, Instant now) throws InvalidDeviceRequest {
        Date iat = claims.getIssueTime();
        Date exp = claims.getExpirationTime();
        if (iat == null || exp == null) {
            throw new InvalidDeviceRequest("'iat' and 'exp' are required");
        }
        long skew = DeviceApi.CLOCK_SKEW_SECONDS;
        if (iat.toInstant().isAfter(now.plusSeconds(skew))) {
            throw new InvalidDeviceRequest("'iat' is in the future");
        }
        if (!exp.toInstant().isAfter(now.minusSeconds(skew))) {
            throw new InvalidDeviceRequest("the request has expired");
        }
        if (exp.toInstant().getEpochSecond() - iat.toInstant().getEpochSecond() > DeviceApi.MAX_REQUEST_LIFETIME_SECONDS
                || iat.toInstant().isBefore(now.minusSeconds(DeviceApi.MAX_REQUEST_LIFETIME_SECONDS + skew))) {
            throw new InvalidDeviceRequest("a device request may live " + DeviceApi.MAX_REQUEST_LIFETIME_SECONDS + " s at most");
        }
    }

    private static void checkHeader(JWSHeader header, String type) throws InvalidDeviceRequest {
        if (!ALGORITHM.equals(header.getAlgorithm())) {
            throw new InvalidDeviceRequest("device requests are signed with ES256 only");
        }
        if (header.getType() == null || !type.equals(header.getType().getType())) {
            throw new InvalidDeviceRequest("the JWS 'typ' must be " + type);
        }
    }

    private static SignedJWT parse(String jws) throws InvalidDeviceRequest {
        if (jws == null || jws.isBlank()) {
            throw new InvalidDeviceRequest("the body must be a compact JWS");
        }
        try {
            return SignedJWT.parse(jws.trim());
        } catch (ParseException e) {
            throw new InvalidDeviceRequest("the body is not a compact JWS, or its 'jwk' header is malformed");
        }
    }
}
