package fr.idnum.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * The remote identity-verification provider's side of the enrollment service: a signing key drawn for this
 * run, whose public JWKS {@link EnrollmentService} hands to the service, and the signed callback (a JWS with
 * {@code iss}, {@code aud}, {@code jti}, {@code iat}, {@code enrollment_id}, {@code result}) the provider
 * posts once it has checked a citizen remotely.
 */
public final class RemoteVerificationProvider {

    public static final String ISSUER = "https://verification-provider.e2e.test";
    /** The audience the service expects in callbacks: itself. */
    public static final String AUDIENCE = "idnum-enrollment";
    static final String CALLBACK_PATH = "/api/v1/verification/remote/callback";

    private static RemoteVerificationProvider instance;

    private final ECKey key;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RemoteVerificationProvider() {
        try {
            key = new ECKeyGenerator(Curve.P_256).keyID("e2e-provider-" + UUID.randomUUID()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static synchronized RemoteVerificationProvider get() {
        if (instance == null) {
            instance = new RemoteVerificationProvider();
        }
        return instance;
    }

    /** The public half of the provider's key, as the service is configured with it. */
    public String publicJwks() {
        return new JWKSet(key.toPublicJWK()).toString(true);
    }

    /** Tells the running enrollment service that the citizen of this enrollment was verified (204 when applied). */
    public HttpResponse<String> verified(UUID enrollmentId) {
        return post(callback(enrollmentId, "VERIFIED", null));
    }

    /** Tells the running enrollment service that the remote check failed, and why (204 when applied). */
    public HttpResponse<String> rejected(UUID enrollmentId, String reason) {
        return post(callback(enrollmentId, "REJECTED", reason));
    }

    /** A signed callback, fresh {@code jti} and {@code iat} now, for a test that posts it itself. */
    public String callback(UUID enrollmentId, String result, String reason) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(Instant.now()))
                .claim("enrollment_id", enrollmentId.toString())
                .claim("result", result);
        if (reason != null) {
            claims.claim("reason", reason);
        }
        SignedJWT jws = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims.build());
        try {
            jws.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jws.serialize();
    }

    /** Posts a callback to the running enrollment service, as the provider does. */
    public HttpResponse<String> post(String compactJws) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(EnrollmentService.get().url() + CALLBACK_PATH))
                .header("Content-Type", "application/jose")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(compactJws))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
