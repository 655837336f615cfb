package fr.idnum.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one-time code an authenticator app would show (RFC 6238: HMAC-SHA1, 6 digits, 30 s) for a secret as
 * Keycloak stores it: the secret's characters are the key.
 */
public record Totp(String secret) {

    public static final int DIGITS = 6;
    public static final int PERIOD_SECONDS = 30;
    public static final String ALGORITHM = "HmacSHA1";

    /** The credential data Keycloak stores beside the secret for such a code. */
    public static String credentialData() {
        return "{\"subType\":\"totp\",\"digits\":" + DIGITS + ",\"counter\":0,\"period\":" + PERIOD_SECONDS
                + ",\"algorithm\":\"" + ALGORITHM + "\"}";
    }

    public String secretData() {
        return "{\"value\":\"" + secret + "\"}";
    }

    public String codeAt(Instant instant) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(instant.getEpochSecond() / PERIOD_SECONDS).array());
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
            return String.format("%0" + DIGITS + "d", binary % (int) Math.pow(10, DIGITS));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is part of every JRE", e);
        }
    }
}
