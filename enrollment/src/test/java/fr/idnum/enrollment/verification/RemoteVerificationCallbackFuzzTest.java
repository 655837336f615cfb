package fr.idnum.enrollment.verification;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.JWKSet;

import fr.idnum.enrollment.problem.DomainException;
import fr.idnum.enrollment.support.RemoteProviderKeys;
import fr.idnum.testsupport.CampaignTally;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzz targets of the remote verification provider's callback ({@link RemoteVerificationCallback}, docs/security-tests.md,
 * "Fuzzing"): whatever is posted, the answer is a verdict or a {@link DomainException} of status 4xx (400 malformed,
 * 401 untrusted or stale), never another exception, which would be a 500 and make the provider retry forever. Without
 * {@code JAZZER_FUZZ} each target replays its committed inputs in
 * {@code src/test/resources/fr/idnum/enrollment/verification/RemoteVerificationCallbackFuzzTestInputs/}.
 */
class RemoteVerificationCallbackFuzzTest {

    /** Counts every input replayed (or fuzzed) for the campaign's totals (docs/security-tests.md). */
    private static final CampaignTally TALLY = new CampaignTally();

    @AfterAll
    static void tally() {
        TALLY.write(RemoteVerificationCallbackFuzzTest.class);
    }

    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final String[] KEY_IDS = {"provider-2026", "other"};
    private static final RemoteVerificationCallback CALLBACK = callback();

    /** Any body, as the resource hands it over (trimmed). */
    @FuzzTest(maxDuration = "3m")
    void anyBodyIsAVerdictOrARefusal(byte[] input) {
        TALLY.cases(1);
        read(new String(input, StandardCharsets.UTF_8).trim());
    }

    /**
     * Any payload, truly signed by the provider's key: the claims checks after the signature (issuer, audience, age,
     * {@code jti}, {@code enrollment_id}, {@code result}, {@code reason}), which random text never reaches. The last
     * bytes pick the {@code kid} and whether the header says {@code typ: JWT}; the rest is the payload.
     */
    @FuzzTest(maxDuration = "3m")
    void anySignedPayloadIsAVerdictOrARefusal(FuzzedDataProvider data) throws JOSEException {
        TALLY.cases(1);
        JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(data.pickValue(KEY_IDS));
        if (data.consumeBoolean()) {
            header.type(JOSEObjectType.JWT);
        }
        JWSObject jws = new JWSObject(header.build(), new Payload(data.consumeRemainingAsBytes()));
        jws.sign(new ECDSASigner(RemoteProviderKeys.key()));
        read(jws.serialize());
    }

    private static void read(String body) {
        try {
            RemoteVerificationCallback.Verdict verdict = CALLBACK.read(body);
            assertTrue(verdict.jti().length() <= RemoteVerificationCallback.MAX_JTI);
            assertTrue(verdict.reason() == null || verdict.reason().length() <= RemoteVerificationCallback.MAX_REASON);
        } catch (DomainException refused) {
            assertTrue(refused.status() == 400 || refused.status() == 401, refused.getMessage());
        }
    }

    private static RemoteVerificationCallback callback() {
        RemoteVerificationConfig config = new RemoteVerificationConfig() {
            @Override
            public String issuer() {
                return RemoteProviderKeys.ISSUER;
            }

            @Override
            public String jwks() {
                return new JWKSet(RemoteProviderKeys.key().toPublicJWK()).toString(true);
            }

            @Override
            public String audience() {
                return "idnum-enrollment";
            }

            @Override
            public Duration maxAge() {
                return Duration.ofMinutes(5);
            }
        };
        try {
            return new RemoteVerificationCallback(config, Clock.fixed(NOW, ZoneOffset.UTC));
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
