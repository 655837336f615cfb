package fr.idnum.simulator.device;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;

import fr.idnum.protocol.Challenges;
import fr.idnum.protocol.Platform;
import fr.idnum.simulator.StubRealm;
import fr.idnum.simulator.http.Http;
import fr.idnum.simulator.realm.Realm;
import fr.idnum.testsupport.CampaignTally;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzz targets of the phone's challenge reader ({@link DeviceClient#readChallenge}, docs/security-tests.md,
 * "Fuzzing"): whatever document the server (or whoever sits in its place) hands the phone, the app reads a challenge
 * or refuses it with {@link UntrustedChallenge} and shows nothing, never crashes on another exception. The realm is
 * a {@link StubRealm} publishing an EC and an RSA signing key. Without {@code JAZZER_FUZZ} each target replays its
 * committed inputs in {@code src/test/resources/fr/idnum/simulator/device/ChallengeReaderFuzzTestInputs/}.
 */
class ChallengeReaderFuzzTest {

    static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    private static final StubRealm REALM = new StubRealm();
    private static final DeviceClient PHONE = new DeviceClient(new Realm(REALM.issuer(), new Http()), new Http(),
            Clock.fixed(NOW, ZoneOffset.UTC));
    private static final DeviceState DEVICE = DeviceState.fresh(REALM.issuer())
            .activated(StubRealm.CREDENTIAL_ID, "push-1", Platform.ANDROID, "Téléphone de Marie");
    private static final JWSAlgorithm[] ALGORITHMS = {JWSAlgorithm.ES256, JWSAlgorithm.RS256, JWSAlgorithm.PS256};
    private static final String[] KEY_IDS = {"sig-ec-1", "sig-1", "enc-1", "unknown"};
    private static final String[] TYPES = {Challenges.TYPE, "JWT"};
    static final String ISSUER = "$ISSUER";

    /** One case per input replayed (or fuzzed) once its answer is checked, for the campaign's totals (issue 14). */
    private static final CampaignTally TALLY = new CampaignTally();

    @AfterAll
    static void tally() {
        TALLY.write(ChallengeReaderFuzzTest.class);
    }

    /** Any document, as text: the compact JWS parser, the key lookup (with a JWKS refresh for an unknown kid). */
    @FuzzTest(maxDuration = "3m")
    void anyDocumentIsAChallengeOrUntrusted(byte[] input) {
        read(new String(input, StandardCharsets.UTF_8));
    }

    /**
     * Any payload, truly signed by one of the realm's keys: the claims (issuer, audience, times, ids, flags), which
     * random text never reaches. The last bytes pick the algorithm, the {@code kid} and the {@code typ}; in the rest,
     * the payload, {@value #ISSUER} stands for the stub realm's issuer, whose port changes from run to run.
     */
    @FuzzTest(maxDuration = "3m")
    void anySignedPayloadIsAChallengeOrUntrusted(FuzzedDataProvider data) throws JOSEException {
        JWSAlgorithm alg = data.pickValue(ALGORITHMS);
        String kid = data.pickValue(KEY_IDS);
        String type = data.pickValue(TYPES);
        JWSSigner signer = JWSAlgorithm.ES256.equals(alg) ? new ECDSASigner(REALM.challengeKey) : new RSASSASigner(REALM.signingKey);
        JWSObject jws = new JWSObject(new JWSHeader.Builder(alg).type(new JOSEObjectType(type)).keyID(kid).build(),
                new Payload(data.consumeRemainingAsAsciiString().replace(ISSUER, REALM.issuer().toString())));
        jws.sign(signer);
        read(jws.serialize());
    }

    private static void read(String document) {
        try {
            Challenges.Challenge challenge = PHONE.readChallenge(DEVICE, document);
            assertFalse(challenge.id().isBlank() || challenge.nonce().isBlank());
        } catch (UntrustedChallenge refused) {
            // documented refusal: the app shows nothing
        }
        TALLY.cases(1);
    }
}
