package fr.idnum.enrollment.support;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Access tokens as Keycloak would issue them for this service, signed with a throwaway key the service under test is
 * told to trust ({@link #config()}): for tests that need many callers at once, which {@code @TestSecurity} (one
 * identity per test method) cannot give.
 */
public final class SignedTokens {

    /**
     * Kept in system properties: the test profile (which hands the public key to the service) and the test itself
     * run this class in different class loaders, and each would otherwise have a key pair of its own.
     */
    private static final String PROPERTY = "idnum.test.signed-tokens.key";
    private static final KeyPair KEYS = keys();

    private static synchronized KeyPair keys() {
        try {
            KeyFactory rsaKeys = KeyFactory.getInstance("RSA");
            String kept = System.getProperty(PROPERTY);
            if (kept == null) {
                KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
                rsa.initialize(2048);
                KeyPair generated = rsa.generateKeyPair();
                kept = Base64.getEncoder().encodeToString(generated.getPrivate().getEncoded()) + "."
                        + Base64.getEncoder().encodeToString(generated.getPublic().getEncoded());
                System.setProperty(PROPERTY, kept);
            }
            String[] parts = kept.split("\\.");
            return new KeyPair(rsaKeys.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(parts[1]))),
                    rsaKeys.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(parts[0]))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private SignedTokens() {
    }

    /** The OIDC settings that make the service trust these tokens. */
    public static Map<String, String> config() {
        String key = Base64.getEncoder().encodeToString(KEYS.getPublic().getEncoded());
        // Both names: application.properties sets the %test one, which a plain override would not beat.
        return Map.of("quarkus.oidc.public-key", key, "%test.quarkus.oidc.public-key", key);
    }

    public static String citizen(String subject) {
        return sign(subject, List.of(), "eidas1");
    }

    public static String administrator(String subject) {
        return sign(subject, List.of("enrollment-admin"), "eidas2");
    }

    /** Keycloak's service account, with the realm roles of the internal APIs it calls. */
    public static String service(String... roles) {
        return sign("service-account-idnum-keycloak", List.of(roles), null);
    }

    private static String sign(String subject, List<String> roles, String acr) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer("https://idp.test/realms/idnum")
                .subject(subject)
                .audience("idnum-enrollment")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(3600)))
                .claim("acr", acr == null ? "0" : acr)
                .claim("auth_time", now.getEpochSecond())
                .claim("realm_access", Map.of("roles", roles))
                .claim("groups", roles)
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("test-key").build(), claims);
        try {
            jwt.sign(new RSASSASigner((RSAPrivateKey) KEYS.getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
