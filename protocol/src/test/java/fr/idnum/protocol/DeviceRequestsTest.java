package fr.idnum.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import fr.idnum.testsupport.CampaignTally;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class DeviceRequestsTest {

    /** One case per device request refused (assertRefused), for the campaign's totals (issue 14). */
    private static final CampaignTally TALLY = new CampaignTally();

    @AfterAll
    static void tally() {
        TALLY.write(DeviceRequestsTest.class);
    }

    private static final URI ISSUER = URI.create("https://idp.example.fr/realms/idnum");
    private static final URI ACTIVATION = DeviceApi.endpoint(ISSUER, DeviceApi.ACTIVATION);
    private static final URI PUSH_TOKEN = DeviceApi.endpoint(ISSUER, DeviceApi.PUSH_TOKEN);
    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    private final ECKey device = newKey();

    @Test
    void endpointIsUnderTheRealmResource() {
        assertEquals("https://idp.example.fr/realms/idnum/idnum/device/activation", ACTIVATION.toString());
    }

    @Test
    void onlyTheDevicesOwnSignatureCountsAsSignedByIt() {
        String mine = DeviceRequests.sign(device, "credential-1", PUSH_TOKEN, Map.of(), NOW);
        String expiredButMine = DeviceRequests.sign(device, "credential-1", PUSH_TOKEN, Map.of(), NOW.minusSeconds(3600));
        assertTrue(DeviceRequests.signedBy(mine, device.toPublicJWK()));
        assertTrue(DeviceRequests.signedBy(expiredButMine, device.toPublicJWK()), "the signature alone, not the claims");

        for (String forged : new String[] {DeviceRequests.sign(newKey(), "credential-1", PUSH_TOKEN, Map.of(), NOW),
                mine.substring(0, mine.lastIndexOf('.') + 1) + "AAAA", "not-a-jws", ""}) {
            assertFalse(DeviceRequests.signedBy(forged, device.toPublicJWK()), forged);
            TALLY.cases(1);
        }
    }

    @Test
    void activationCarriesAndProvesTheDeviceKey() throws Exception {
        String jws = DeviceRequests.signActivation(device, ACTIVATION, Map.of(DeviceClaims.ACTIVATION_CODE, "123456"), NOW);

        DeviceRequests.Verified verified = DeviceRequests.verifyActivation(jws, ACTIVATION, NOW.plusSeconds(5));

        assertEquals(device.toPublicJWK(), verified.deviceKey());
        assertEquals("123456", verified.string(DeviceClaims.ACTIVATION_CODE));
        assertTrue(verified.jti().length() > 20);
    }

    @Test
    void refusesActivationForAnotherEndpoint() {
        String jws = DeviceRequests.signActivation(device, PUSH_TOKEN, Map.of(), NOW);
        assertRefused( () -> DeviceRequests.verifyActivation(jws, ACTIVATION, NOW));
    }

    @Test
    void refusesExpiredAndFutureRequests() {
        String jws = DeviceRequests.signActivation(device, ACTIVATION, Map.of(), NOW);
        assertRefused(() -> DeviceRequests.verifyActivation(jws, ACTIVATION,
                NOW.plusSeconds(DeviceApi.MAX_REQUEST_LIFETIME_SECONDS + DeviceApi.CLOCK_SKEW_SECONDS + 1)));
        assertRefused(() -> DeviceRequests.verifyActivation(jws, ACTIVATION, NOW.minusSeconds(DeviceApi.CLOCK_SKEW_SECONDS + 1)));
    }

    @Test
    void refusesARequestSignedByAnotherKey() {
        String jws = DeviceRequests.sign(newKey(), "credential-1", PUSH_TOKEN, Map.of(), NOW);
        var refused = assertRefused(() -> DeviceRequests.verify(jws, device.toPublicJWK(), "credential-1", PUSH_TOKEN, NOW));
        assertTrue(refused.getMessage().contains("signature"), refused.getMessage());
    }

    @Test
    void refusesARequestNamingAnotherDevice() throws Exception {
        String jws = DeviceRequests.sign(device, "credential-2", PUSH_TOKEN, Map.of(), NOW);
        assertEquals("credential-2", DeviceRequests.credentialId(jws));
        assertRefused(() -> DeviceRequests.verify(jws, device.toPublicJWK(), "credential-1", PUSH_TOKEN, NOW));
    }

    @Test
    void refusesAnActivationTokenUsedAsADeviceRequestAndBack() {
        String activation = DeviceRequests.signActivation(device, PUSH_TOKEN, Map.of(), NOW);
        assertRefused(() -> DeviceRequests.verify(activation, device.toPublicJWK(), "credential-1", PUSH_TOKEN, NOW));
        String request = DeviceRequests.sign(device, "credential-1", ACTIVATION, Map.of(), NOW);
        assertRefused( () -> DeviceRequests.verifyActivation(request, ACTIVATION, NOW));
    }

    @Test
    void refusesGarbageAndMalformedKeys() {
        assertRefused( () -> DeviceRequests.verifyActivation("not-a-jws", ACTIVATION, NOW));
        assertRefused( () -> DeviceRequests.verifyActivation("", ACTIVATION, NOW));
        String jws = DeviceRequests.signActivation(device, ACTIVATION, Map.of(), NOW);
        String header = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"ES256\",\"typ\":\"idnum-activation+jwt\",\"jwk\":{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AA\"}}".getBytes());
        String tampered = header + jws.substring(jws.indexOf('.'));
        assertRefused( () -> DeviceRequests.verifyActivation(tampered, ACTIVATION, NOW));
    }

    @Test
    void refusesAPrivateKeyInTheHeader() throws Exception {
        // nimbus itself never serialises a private JWK into a header, so write the header by hand.
        String jws = DeviceRequests.signActivation(device, ACTIVATION, Map.of(), NOW);
        String header = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"alg\":\"ES256\",\"typ\":\"idnum-activation+jwt\",\"jwk\":" + device.toJSONString() + "}").getBytes());
        String withPrivate = header + jws.substring(jws.indexOf('.'));
        assertRefused( () -> DeviceRequests.verifyActivation(withPrivate, ACTIVATION, NOW));
    }

    static ECKey newKey() {
        try {
            return new ECKeyGenerator(Curve.P_256).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static DeviceRequests.InvalidDeviceRequest assertRefused(Executable opening) {
        DeviceRequests.InvalidDeviceRequest refused = assertThrows(DeviceRequests.InvalidDeviceRequest.class, opening);
        TALLY.cases(1);
        return refused;
    }
}
