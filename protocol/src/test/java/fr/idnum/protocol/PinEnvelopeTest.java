package fr.idnum.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;

import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import fr.idnum.testsupport.CampaignTally;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class PinEnvelopeTest {

    /** One case per PIN envelope refused (assertRefused), for the campaign's totals (issue 14). */
    private static final CampaignTally TALLY = new CampaignTally();

    @AfterAll
    static void tally() {
        TALLY.write(PinEnvelopeTest.class);
    }

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    private final RSAKey realmKey = rsa(JWEAlgorithm.RSA_OAEP, "realm-enc");

    @Test
    void opensWithTheRealmKeyForItsPurpose() throws Exception {
        String envelope = PinEnvelope.seal("2580", PinEnvelope.PURPOSE_ACTIVATION, "req-1", realmKey.toPublicJWK(), NOW);

        assertFalse(envelope.contains("2580"));
        assertEquals("realm-enc", PinEnvelope.keyId(envelope));
        assertEquals("2580", PinEnvelope.open(envelope, realmKey.toPrivateKey(), PinEnvelope.PURPOSE_ACTIVATION, "req-1", NOW.plusSeconds(3)));
    }

    @Test
    void acceptsRsaOaep256Keys() throws Exception {
        RSAKey key = rsa(JWEAlgorithm.RSA_OAEP_256, "k256");
        String envelope = PinEnvelope.seal("2580", PinEnvelope.PURPOSE_ACTIVATION, "req-1", key.toPublicJWK(), NOW);
        assertEquals("2580", PinEnvelope.open(envelope, key.toPrivateKey(), PinEnvelope.PURPOSE_ACTIVATION, "req-1", NOW));
    }

    @Test
    void refusesAnEnvelopeMadeForAnotherOperation() {
        String envelope = PinEnvelope.seal("2580", PinEnvelope.PURPOSE_PIN_CHANGE_NEW, "req-1", realmKey.toPublicJWK(), NOW);
        assertRefused(() -> PinEnvelope.open(envelope, realmKey.toPrivateKey(), PinEnvelope.PURPOSE_ACTIVATION, "req-1", NOW));
    }

    @Test
    void refusesAnEnvelopeMadeForAnotherRequest() {
        // Taken from one request (a log, a proxy, malware) and put into another, it is worth nothing.
        String envelope = PinEnvelope.seal("2580", PinEnvelope.PURPOSE_CHALLENGE, "req-1", realmKey.toPublicJWK(), NOW);
        assertRefused(() -> PinEnvelope.open(envelope, realmKey.toPrivateKey(), PinEnvelope.PURPOSE_CHALLENGE, "req-2", NOW));
        assertRefused(() -> PinEnvelope.open(envelope, realmKey.toPrivateKey(), PinEnvelope.PURPOSE_CHALLENGE, null, NOW));
        assertThrows(IllegalArgumentException.class,
                () -> PinEnvelope.seal("2580", PinEnvelope.PURPOSE_CHALLENGE, " ", realmKey.toPublicJWK(), NOW));
    }

    @Test
    void refusesAnOldEnvelope() {
        String envelope = PinEnvelope.seal("2580", PinEnvelope.PURPOSE_ACTIVATION, "req-1", realmKey.toPublicJWK(), NOW);
        assertRefused( () -> PinEnvelope.open(envelope, realmKey.toPrivateKey(),
                PinEnvelope.PURPOSE_ACTIVATION, "req-1", NOW.plus(PinEnvelope.MAX_AGE).plusSeconds(DeviceApi.CLOCK_SKEW_SECONDS + 1)));
    }

    @Test
    void refusesAnEnvelopeForAnotherKey() {
        String envelope = PinEnvelope.seal("2580", PinEnvelope.PURPOSE_ACTIVATION, "req-1", rsa(JWEAlgorithm.RSA_OAEP, "other").toPublicJWK(), NOW);
        assertRefused(() -> PinEnvelope.open(envelope, realmKey.toPrivateKey(), PinEnvelope.PURPOSE_ACTIVATION, "req-1", NOW));
    }

    @Test
    void refusesSomethingThatIsNoEnvelope() {
        assertRefused(() -> PinEnvelope.open("2580", realmKey.toPrivateKey(), PinEnvelope.PURPOSE_ACTIVATION, "req-1", NOW));
        assertRefused(() -> PinEnvelope.open(null, realmKey.toPrivateKey(), PinEnvelope.PURPOSE_ACTIVATION, "req-1", NOW));
    }

    private static RSAKey rsa(JWEAlgorithm alg, String kid) {
        try {
            return new RSAKeyGenerator(2048).keyUse(KeyUse.ENCRYPTION).algorithm(alg).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static PinEnvelope.InvalidPinEnvelope assertRefused(Executable opening) {
        PinEnvelope.InvalidPinEnvelope refused = assertThrows(PinEnvelope.InvalidPinEnvelope.class, opening);
        TALLY.cases(1);
        return refused;
    }
}
