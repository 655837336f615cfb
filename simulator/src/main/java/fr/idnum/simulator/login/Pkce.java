package fr.idnum.simulator.login;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

import com.nimbusds.jose.util.Base64URL;

/** Proof Key for Code Exchange (RFC 7636), S256: the app keeps the verifier and sends only its hash. */
record Pkce(String verifier, String challenge) {

    static final String METHOD = "S256";

    static Pkce generate(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String verifier = Base64URL.encode(bytes).toString();
        return new Pkce(verifier, challengeOf(verifier));
    }

    static String challengeOf(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64URL.encode(hash).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
