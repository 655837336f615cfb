package fr.idnum.keycloak.device;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifiers of the 4-digit code: HMAC-SHA256, under a key that lives in the server's configuration and never
 * in the database, of a per-credential salt and the code. A 4-digit code has 10,000 values: whoever holds a
 * database dump would try them all against any unkeyed hash, however slow, in seconds to hours. Without the
 * key, the dump says nothing about the code; with the server, every guess goes through the online attempt
 * limit. See docs/threat-model.md ("The 4-digit code").
 */
public final class PinVerifier {

    static final String ALGORITHM = "HmacSHA256";
    private static final int SALT_BYTES = 16;
    /** HMAC-SHA256 keys shorter than its block of security are refused. */
    static final int MIN_KEY_BYTES = 32;

    private final String keyId;
    private final SecretKeySpec key;
    private final SecureRandom random;

    public PinVerifier(String keyId, byte[] key, SecureRandom random) {
        if (keyId == null || keyId.isBlank()) {
            throw new IllegalArgumentException("The PIN key needs an id");
        }
        if (key == null || key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("The PIN key must be at least " + MIN_KEY_BYTES + " bytes");
        }
        this.keyId = keyId;
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
        this.random = random;
    }

    /** A new verifier for {@code pin}, with a fresh salt. */
    public DeviceSecretData newVerifier(String pin) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new DeviceSecretData(keyId, Base64.getEncoder().encodeToString(salt),
                Base64.getEncoder().encodeToString(mac(salt, pin)));
    }

    /**
     * Whether {@code candidate} is the code, compared in constant time. A verifier made under a key this
     * server no longer has matches nothing (fail closed).
     */
    public boolean matches(DeviceSecretData secret, String candidate) {
        if (secret == null || candidate == null || !keyId.equals(secret.keyId())) {
            return false;
        }
        byte[] expected = Base64.getDecoder().decode(secret.verifier());
        byte[] actual = mac(Base64.getDecoder().decode(secret.salt()), candidate);
        return MessageDigest.isEqual(expected, actual);
    }

    private byte[] mac(byte[] salt, String pin) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(salt);
            mac.update((byte) 0);
            return mac.doFinal(pin.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
