package fr.idnum.protocol;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Instant;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import fr.idnum.testsupport.CampaignTally;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzz targets of the PIN envelope as the server opens it (docs/security-tests.md, "Fuzzing"): whatever arrives, the
 * answer is a code or an {@link PinEnvelope.InvalidPinEnvelope}, never another exception (which Keycloak would turn
 * into a 500). Without {@code JAZZER_FUZZ} each target replays its committed inputs in
 * {@code src/test/resources/fr/idnum/protocol/PinEnvelopeFuzzTestInputs/}.
 */
class PinEnvelopeFuzzTest {

    static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final String REQUEST_ID = "req-1";
    private static final JWEAlgorithm[] ALGORITHMS = {JWEAlgorithm.RSA_OAEP_256, JWEAlgorithm.RSA_OAEP, JWEAlgorithm.RSA1_5};
    private static final EncryptionMethod[] METHODS = {EncryptionMethod.A256GCM, EncryptionMethod.A128GCM,
            EncryptionMethod.A128CBC_HS256, EncryptionMethod.A256CBC_HS512};

    private static final RSAKey REALM_KEY = realmKey();
    private static final PrivateKey PRIVATE_KEY = privateKey();

    /** One case per input replayed (or fuzzed) once its answer is checked, for the campaign's totals (issue 14). */
    private static final CampaignTally TALLY = new CampaignTally();

    @AfterAll
    static void tally() {
        TALLY.write(PinEnvelopeFuzzTest.class);
    }

    /** Any text as the envelope: the compact JWE parser, the header checks and the decryption. */
    @FuzzTest(maxDuration = "3m")
    void anyTextIsACodeOrARefusal(byte[] input) {
        String envelope = new String(input, StandardCharsets.UTF_8);
        try {
            PinEnvelope.keyId(envelope);
        } catch (PinEnvelope.InvalidPinEnvelope refused) {
            // documented refusal
        }
        open(envelope);
        TALLY.cases(1);
    }

    /**
     * Any plaintext, truly encrypted to the realm's key: what is checked after decryption (JSON, purpose, request,
     * time, code), which random text never reaches. The first bytes pick the algorithms, the rest is the plaintext.
     */
    @FuzzTest(maxDuration = "3m")
    void anyEncryptedPlaintextIsACodeOrARefusal(FuzzedDataProvider data) throws JOSEException {
        JWEAlgorithm alg = data.pickValue(ALGORITHMS);
        EncryptionMethod method = data.pickValue(METHODS);
        byte[] plaintext = data.consumeRemainingAsBytes();
        JWEObject jwe = new JWEObject(new JWEHeader.Builder(alg, method).keyID("realm-enc").build(), new Payload(plaintext));
        jwe.encrypt(new RSAEncrypter(REALM_KEY.toPublicJWK()));
        open(jwe.serialize());
        TALLY.cases(1);
    }

    private static void open(String envelope) {
        try {
            assertNotNull(PinEnvelope.open(envelope, PRIVATE_KEY, PinEnvelope.PURPOSE_CHALLENGE, REQUEST_ID, NOW));
        } catch (PinEnvelope.InvalidPinEnvelope refused) {
            // documented refusal
        }
    }

    private static RSAKey realmKey() {
        try {
            return new RSAKeyGenerator(2048).keyID("realm-enc").algorithm(JWEAlgorithm.RSA_OAEP_256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey privateKey() {
        try {
            return REALM_KEY.toPrivateKey();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
