package fr.idnum.enrollment.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import fr.idnum.enrollment.support.PostgresTestDatabase;
import fr.idnum.enrollment.support.RequestTally;
import fr.idnum.enrollment.support.StandInIssuer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Keycloak rotates its signing key: tokens signed by the new key must be accepted from the first one, however many
 * callers present one at once and whatever token reached the service just before. With Quarkus's default (the JWKS
 * read once, read again on an unknown key id at most once per refresh interval, callers arriving meanwhile refused),
 * every caller that came while the first one's fetch was under way got an empty 401, and one token with an unknown
 * key id sent before the rotation (a stale one, or anyone's forgery) made every token of the new key a 401 until the
 * interval had passed. The service is pointed, through discovery as in production, at a stand-in issuer whose JWKS
 * the test changes and whose answers take 300 ms, as a busy Keycloak's may.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestDatabase.class)
// Before the default-profile tests: switching profiles restarts the application (see DemoOutboxWithRealSmsGatewayTest).
@Order(3)
@TestProfile(KeyRotationTest.RotatingIssuer.class)
class KeyRotationTest {

    private static final RequestTally TALLY = new RequestTally();
    private static final int CALLERS = 16;

    @TestHTTPResource("/api/v1/enrollments/current")
    URI current;

    @AfterAll
    static void tally() {
        TALLY.write(KeyRotationTest.class);
    }

    /** The production settings, with discovery against the stand-in. */
    public static class RotatingIssuer implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.oidc.discovery-enabled", "true", "quarkus.oidc.public-key", "",
                    "%test.quarkus.oidc.public-key", "");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Issuer.class));
        }
    }

    /** Discovery and a JWKS the test replaces; the JWKS answers after 300 ms and counts its readers. */
    public static class Issuer implements QuarkusTestResourceLifecycleManager {

        static volatile String issuer;
        static volatile JWKSet published = new JWKSet();
        static final AtomicInteger JWKS_READS = new AtomicInteger();
        private StandInIssuer standIn;

        @Override
        public Map<String, String> start() {
            standIn = StandInIssuer.start().answer("certs", exchange -> {
                JWKS_READS.incrementAndGet();
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                StandInIssuer.json(exchange, published.toString(true));
            });
            issuer = standIn.url();
            return Map.of("quarkus.oidc.auth-server-url", issuer);
        }

        @Override
        public void stop() {
            if (standIn != null) {
                standIn.stop();
            }
        }
    }

    @Test
    void tokensOfANewKeyAreAcceptedFromTheFirstOneEvenAfterAnUnknownKeyIdAndManyAtOnce() throws Exception {
        RSAKey first = key("first");
        Issuer.published = new JWKSet(first.toPublicJWK());
        assertEquals(List.of(404), statuses(token(first, "citizen-before"), 1), "a token of the current key is accepted");

        // Just before the rotation, a token whose key id the issuer has never published.
        RSAKey unknown = key("unknown");
        assertEquals(List.of(401), statuses(token(unknown, "citizen-forged"), 1), "an unknown key id is refused");
        String log = java.nio.file.Files.readString(java.nio.file.Path.of("target", "enrollment-test.log"));
        org.junit.jupiter.api.Assertions.assertTrue(log.contains("bearer token refused: reason=unknown-key path=/api/v1/enrollments/current kid="
                + unknown.getKeyID()), "the refusal is logged with its reason");

        RSAKey second = key("second");
        Issuer.published = new JWKSet(List.of(first.toPublicJWK(), second.toPublicJWK()));
        TALLY.fault();
        int readsBefore = Issuer.JWKS_READS.get();
        List<Integer> statuses = statuses(token(second, "citizen-after"), CALLERS);
        System.out.printf("[key rotation] %d callers at once with the new key: %s; JWKS read %d times%n", CALLERS,
                statuses, Issuer.JWKS_READS.get() - readsBefore);
        assertEquals(java.util.Collections.nCopies(CALLERS, 404), statuses, "every token of the new key is accepted");
    }

    private List<Integer> statuses(String token, int callers) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            answers.add(http.sendAsync(HttpRequest.newBuilder(current).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString()));
        }
        return answers.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).map(TALLY::answered).toList();
    }

    private static RSAKey key(String id) throws JOSEException {
        return new RSAKeyGenerator(2048).keyID(id + "-" + System.nanoTime()).keyUse(KeyUse.SIGNATURE).generate();
    }

    private static String token(RSAKey key, String subject) throws JOSEException {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(Issuer.issuer).subject(subject).audience("idnum-enrollment")
                .claim("azp", "idnum-app").claim("acr", "eidas1").issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(60))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
