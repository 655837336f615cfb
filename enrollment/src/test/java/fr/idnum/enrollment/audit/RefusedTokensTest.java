package fr.idnum.enrollment.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import fr.idnum.enrollment.support.PostgresTestDatabase;
import fr.idnum.enrollment.support.RequestTally;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.security.AuthenticationFailedException;
import org.jose4j.jwt.consumer.ErrorCodeValidator;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.lang.UnresolvableKeyException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A refused bearer token leaves one line that says why, what the token says of itself, and nothing a caller could
 * use: not the token, not its signature, no control character it put in its header.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestDatabase.class)
class RefusedTokensTest {

    private static final Path LOG = Path.of("target", "enrollment-test.log");
    private static final RequestTally TALLY = new RequestTally();

    @AfterAll
    static void tally() {
        TALLY.write(RefusedTokensTest.class);
    }

    @Test
    void aTokenSignedByAKeyTheServiceDoesNotTrustIsLoggedWithItsReasonAndWithoutItself() throws Exception {
        Instant now = Instant.now();
        String kid = "rotated-" + now.toEpochMilli();
        String token = signedByAStranger(kid, now);

        TALLY.given().header("Authorization", "Bearer " + token).get("/api/v1/enrollments/current").then().statusCode(401);

        List<String> lines = linesWith(kid);
        assertEquals(1, lines.size(), "one line for the refusal: " + lines);
        String line = lines.get(0);
        assertTrue(line.contains("bearer token refused: reason=signature path=/api/v1/enrollments/current"), line);
        assertTrue(line.contains("alg=RS256 iss=http://localhost:8080/realms/idnum azp=idnum-app"), line);
        assertTrue(line.matches(".* iat=-\\d+s exp=\\+\\d+s.*"), "times relative to now: " + line);
        assertFalse(line.contains(token.substring(token.lastIndexOf('.') + 1)), "the signature is not logged");
        assertFalse(line.contains(token.substring(0, token.indexOf('.'))), "the token is not logged");
    }

    @Test
    void aForgedKeyIdIsNotWrittenToTheLog() throws Exception {
        Instant now = Instant.now();
        String marker = "forged-" + now.toEpochMilli();
        String token = signedByAStranger(marker + "\r\n2026-01-01 INFO fake line\u001b[2J", now);

        TALLY.given().header("Authorization", "Bearer " + token).get("/api/v1/enrollments/current").then().statusCode(401);

        assertEquals(List.of(), linesWith(marker), "the forged key id is not logged");
        assertTrue(Files.readString(LOG, StandardCharsets.UTF_8).contains("kid=? alg=RS256"), "logged as '?'");
    }

    @Test
    void reasonsNameTheChecksTheTokenFailed() {
        assertEquals("expired", RefusedTokens.reasons(failure(ErrorCodes.EXPIRED, null)));
        assertEquals("audience", RefusedTokens.reasons(failure(ErrorCodes.AUDIENCE_INVALID, null)));
        assertEquals("issuer", RefusedTokens.reasons(failure(ErrorCodes.ISSUER_INVALID, null)));
        // jose4j files a key id missing from the JWKS under "miscellaneous", with the key resolver's exception as cause.
        assertEquals("unknown-key", RefusedTokens.reasons(failure(ErrorCodes.MISCELLANEOUS,
                new UnresolvableKeyException("JWK with kid 'k2' is not available"))));
        assertEquals("AuthenticationFailedException", RefusedTokens.reasons(new AuthenticationFailedException()));
    }

    @Test
    void aValueIsLoggedOnlyWhenShortAndPlain() {
        assertEquals("idnum-app", RefusedTokens.plain("idnum-app"));
        assertEquals("-", RefusedTokens.plain(null));
        assertEquals("?", RefusedTokens.plain("a\nb"));
        assertEquals("?", RefusedTokens.plain("x".repeat(101)));
        assertEquals("token=unreadable", RefusedTokens.describe("not.a.jwt", Instant.now()));
        assertEquals("token=oversized", RefusedTokens.describe("a".repeat(20_000), Instant.now()));
    }

    private static Throwable failure(int code, Throwable cause) {
        ErrorCodeValidator.Error error = new ErrorCodeValidator.Error(code, "refused");
        InvalidJwtException invalid = cause == null ? new InvalidJwtException("refused", List.of(error), null)
                : new InvalidJwtException("refused", error, cause, null);
        return new AuthenticationFailedException(invalid);
    }

    private static List<String> linesWith(String text) throws IOException {
        return Files.readAllLines(LOG, StandardCharsets.UTF_8).stream().filter(line -> line.contains(text)).toList();
    }

    /** A token shaped as Keycloak's for the app, signed by a key this service has never seen. */
    private static String signedByAStranger(String kid, Instant now) throws NoSuchAlgorithmException, JOSEException {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("http://localhost:8080/realms/idnum").subject("citizen-1")
                .audience("idnum-enrollment").claim("azp", "idnum-app").issueTime(Date.from(now.minusSeconds(2)))
                .expirationTime(Date.from(now.plusSeconds(58))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), claims);
        jwt.sign(new RSASSASigner((RSAPrivateKey) rsa.generateKeyPair().getPrivate()));
        return jwt.serialize();
    }
}
