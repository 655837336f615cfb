package fr.idnum.keycloak.device;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifiers of the 4-digit code: HMAC-SHA256, under a key that lives in the server's configuration and never
 * in the database, of a per-credential salt and the code. A 4-digit code has 10,000 values: whoever holds a
 * database dump would try them all against any unkeyed hash, however slow, in seconds to hours. Without the
 * key, the dump says nothing about the code; with the server, every guess goes through the online attempt
 * limit. See docs/threat-model.md ("The 4-digit code").
 * <p>
 * A key ring: new verifiers are made under the current key; verifiers made under a previous key (still
 * configured) keep matching and are remade under the current key the next time the right code is typed, so
 * the key can be rotated without locking every phone. A verifier under a key no longer configured matches nothing.
 */
public final class PinVerifier {

    static final String ALGORITHM = "HmacSHA256";
    private static final int SALT_BYTES = 16;
    /** HMAC-SHA256 keys shorter than its block of security are refused. */
    static final int MIN_KEY_BYTES = 32;

    private final String keyId;
    private final SecretKeySpec key;
    private final Map<String, SecretKeySpec> previousKeys;
    private final SecureRandom random;

    public PinVerifier(String keyId, byte[] key, SecureRandom random) {
        this(keyId, key, Map.of(), random);
    }

    /** {@code previousKeys}: keys by id that still verify (during a rotation) but never make a verifier. */
    public PinVerifier(String keyId, byte[] key, Map<String, byte[]> previousKeys, SecureRandom random) {
        this.keyId = checkedId(keyId);
        this.key = checkedKey(key);
        Map<String, SecretKeySpec> previous = new HashMap<>();
        previousKeys.forEach((id, bytes) -> {
            if (checkedId(id).equals(keyId)) {
                throw new IllegalArgumentException("A previous PIN key reuses the current key's id " + keyId);
            }
            previous.put(id, checkedKey(bytes));
        });
        this.previousKeys = Map.copyOf(previous);
        this.random = random;
    }

    private static String checkedId(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("The PIN key needs an id");
        }
        return id;
    }

    private static SecretKeySpec checkedKey(byte[] key) {
        if (key == null || key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("The PIN key must be at least " + MIN_KEY_BYTES + " bytes");
        }
        return new SecretKeySpec(key.clone(), ALGORITHM);
    }

    /** A new verifier for {@code pin}, with a fresh salt. */
    public DeviceSecretData newVerifier(String pin) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new DeviceSecretData(keyId, Base64.getEncoder().encodeToString(salt),
                Base64.getEncoder().encodeToString(mac(key, salt, pin)));
    }

    /**
     * Whether {@code candidate} is the code, compared in constant time, under the key the verifier names (current
     * or previous). A verifier made under a key this server no longer has matches nothing (fail closed).
     */
    public boolean matches(DeviceSecretData secret, String candidate) {
        if (secret == null || candidate == null || secret.keyId() == null) {
            return false;
        }
        SecretKeySpec under = keyId.equals(secret.keyId()) ? key : previousKeys.get(secret.keyId());
        if (under == null) {
            return false;
        }
        byte[] expected = Base64.getDecoder().decode(secret.verifier());
        byte[] actual = mac(under, Base64.getDecoder().decode(secret.salt()), candidate);
        return MessageDigest.isEqual(expected, actual);
    }

    /** Whether a verifier should be remade under the current key (once the right code is known again). */
    public boolean outdated(DeviceSecretData secret) {
        return secret != null && !keyId.equals(secret.keyId());
    }

    private static byte[] mac(SecretKeySpec key, byte[] salt, String pin) {
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
