package fr.idnum.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;

import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.junit.jupiter.api.Test;

class PinEnvelopeTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    private final RSAKey realmKey = rsa(JWEAlgorithm.RSA_OAEP, "realm-enc");

    @Test
    void opensWithTheRealmKeyForItsPurpose() throws Exception {
        String envelope = PinEnvelope.seal("2580", PinEnvelope.PURPOSE_ACTIVATION, realmKey.toPublicJWK(), NOW);

        assertFalse(envelope.contains("2580"));
        assertEquals("realm-enc", PinEnvelope.keyId(envelope));
        assertEquals("2580", PinEnvelope.open(envelope, realmKey.toPrivateKey(), PinEnvelope.PURPOSE_ACTIVATION, NOW.plusSeconds(3)));
    }

    @Test
    void acceptsRsaOaep256Keys() throws Exception {
        RSAKey key = rsa(JWEAlgorithm.RSA_OAEP_256, "k256");
        String envelope = PinEnvelope.seal("2580", PinEnvelope.PURPOSE_ACTIVATION, key.toPublicJWK(), NOW);
        assertEquals("2580", PinEnvelope.open(envelope, key.toPrivateKey(), PinEnvelope.PURPOSE_ACTIVATION, NOW));
    }

    @Test
    void refusesAnEnvelopeMadeForAnotherOperation() {
        String envelope = PinEnvelope.seal("2580", PinEnvelope.PURPOSE_PIN_CHANGE_NEW, realmKey.toPublicJWK(), NOW);
        assertThrows(PinEnvelope.InvalidPinEnvelope.class,
                () -> PinEnvelope.open(envelope, realmKey.toPrivateKey(), PinEnvelope.PURPOSE_ACTIVATION, NOW));
    }

    @Test
    void refusesAnOldEnvelope() {
        String envelope = PinEnvelope.seal("2580", PinEnvelope.PURPOSE_ACTIVATION, realmKey.toPublicJWK(), NOW);
        assertThrows(PinEnvelope.InvalidPinEnvelope.class, () -> PinEnvelope.open(envelope, realmKey.toPrivateKey(),
                PinEnvelope.PURPOSE_ACTIVATION, NOW.plus(PinEnvelope.MAX_AGE).plusSeconds(DeviceApi.CLOCK_SKEW_SECONDS + 1)));
    }

    @Test
    void refusesAnEnvelopeForAnotherKey() {
        String envelope = PinEnvelope.seal("2580", PinEnvelope.PURPOSE_ACTIVATION, rsa(JWEAlgorithm.RSA_OAEP, "other").toPublicJWK(), NOW);
        assertThrows(PinEnvelope.InvalidPinEnvelope.class,
                () -> PinEnvelope.open(envelope, realmKey.toPrivateKey(), PinEnvelope.PURPOSE_ACTIVATION, NOW));
    }

    @Test
    void refusesSomethingThatIsNoEnvelope() {
        assertThrows(PinEnvelope.InvalidPinEnvelope.class,
                () -> PinEnvelope.open("2580", realmKey.toPrivateKey(), PinEnvelope.PURPOSE_ACTIVATION, NOW));
        assertThrows(PinEnvelope.InvalidPinEnvelope.class,
                () -> PinEnvelope.open(null, realmKey.toPrivateKey(), PinEnvelope.PURPOSE_ACTIVATION, NOW));
    }

    private static RSAKey rsa(JWEAlgorithm alg, String kid) {
        try {
            return new RSAKeyGenerator(2048).keyUse(KeyUse.ENCRYPTION).algorithm(alg).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
