package fr.idnum.enrollment.secret;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Short numeric secrets sent to citizens (SMS codes, activation codes): drawn from a CSPRNG, stored only as
 * an HMAC-SHA256 under a key that lives in configuration (never in the database), compared in constant time.
 * A 6-digit code has a million values, so an unkeyed hash would be reversed instantly by whoever reads the
 * table; with the key kept apart, the stored value is useless on its own.
 */
@ApplicationScoped
public class SecretCodes {

    private static final int MIN_KEY_BYTES = 32;

    private final SecretKeySpec key;
    private final SecureRandom random;

    SecretCodes(@ConfigProperty(name = "idnum.secrets.code-hash-key") String base64Key, SecureRandom random) {
        byte[] keyBytes = java.util.Base64.getDecoder().decode(base64Key);
        if (keyBytes.length < MIN_KEY_BYTES) {
            throw new IllegalStateException("idnum.secrets.code-hash-key must hold at least 32 random bytes (base64)");
        }
        this.key = new SecretKeySpec(keyBytes, "HmacSHA256");
        this.random = random;
    }

    /** A code of {@code digits} decimal digits, leading zeros included. */
    public String newCode(int digits) {
        StringBuilder code = new StringBuilder(digits);
        for (int i = 0; i < digits; i++) {
            code.append(random.nextInt(10));
        }
        return code.toString();
    }

    /** The keyed hash of a code, bound to its purpose and owner so a hash cannot be replayed elsewhere. */
    public String hash(String purpose, String owner, String code) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update((purpose + '\0' + owner + '\0').getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(code.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    /** Whether {@code candidate} is the code behind {@code storedHash}, in time independent of where they differ. */
    public boolean matches(String purpose, String owner, String candidate, String storedHash) {
        if (candidate == null || storedHash == null) {
            return false;
        }
        byte[] expected = HexFormat.of().parseHex(storedHash);
        byte[] actual = HexFormat.of().parseHex(hash(purpose, owner, candidate));
        return MessageDigest.isEqual(expected, actual);
    }
}
