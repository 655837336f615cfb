package fr.idnum.simulator.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.OptionalInt;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.idnum.protocol.DeviceApi;
import fr.idnum.protocol.DeviceClaims;
import fr.idnum.protocol.DeviceRequests;
import fr.idnum.protocol.PinEnvelope;
import fr.idnum.protocol.PinRules;
import fr.idnum.protocol.Platform;
import fr.idnum.simulator.PhoneApp;
import fr.idnum.simulator.StubRealm;
import fr.idnum.simulator.http.HttpReply;

class DeviceClientTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    private final StubRealm stub = new StubRealm();
    private PhoneApp phone;

    @BeforeEach
    void logIn() {
        phone = PhoneApp.at(stub.issuer(), null, Clock.fixed(NOW, ZoneOffset.UTC));
        phone.login(StubRealm.USERNAME, StubRealm.PASSWORD);
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void activationIsSignedByTheNewKeyAndSealsThePinToTheRealmEncryptionKey() throws Exception {
        Activation activation = phone.activate("123456", "2580", "push-1", Platform.IOS, "Téléphone de Marie");

        assertEquals(StubRealm.CREDENTIAL_ID, activation.credentialId());
        assertEquals(Instant.ofEpochMilli(1764410000000L), activation.activatedAt());
        var sent = stub.lastRequestTo(StubRealm.devicePath(DeviceApi.ACTIVATION));
        assertEquals("Bearer " + StubRealm.ACCESS_TOKEN, sent.header("Authorization"));
        assertEquals(DeviceApi.JOSE_MEDIA_TYPE, sent.header("Content-Type"));
        URI audience = DeviceApi.endpoint(stub.issuer(), DeviceApi.ACTIVATION);
        DeviceRequests.Verified verified = DeviceRequests.verifyActivation(sent.body(), audience, NOW);
        assertEquals(phone.state().key().toPublicJWK(), verified.deviceKey());
        assertEquals("123456", verified.string(DeviceClaims.ACTIVATION_CODE));
        assertEquals("push-1", verified.string(DeviceClaims.PUSH_TOKEN));
        assertEquals("ios", verified.string(DeviceClaims.PLATFORM));
        assertEquals("Téléphone de Marie", verified.string(DeviceClaims.DEVICE_LABEL));
        String envelope = verified.string(DeviceClaims.PIN);
        assertFalse(sent.body().contains("2580"));
        assertEquals(stub.encryptionKey.getKeyID(), PinEnvelope.keyId(envelope), "sealed to the enc key, not the sig key");
        assertEquals("2580", PinEnvelope.open(envelope, stub.encryptionKey.toPrivateKey(), PinEnvelope.PURPOSE_ACTIVATION,
                verified.claims().getJWTID(), NOW));
        assertTrue(phone.state().isActivated());
        assertEquals(Platform.IOS, phone.state().platform());
    }

    @Test
    void deviceRequestsAreSignedForTheirEndpointAndCarryNoBearerToken() throws Exception {
        phone.activate("123456", "2580");
        var publicKey = phone.state().key().toPublicJWK();

        phone.updatePushToken("push-2", "2580");
        var push = verify(DeviceApi.PUSH_TOKEN, publicKey);
        assertEquals("push-2", push.string(DeviceClaims.PUSH_TOKEN));
        assertEquals("2580", PinEnvelope.open(push.string(DeviceClaims.PIN), stub.encryptionKey.toPrivateKey(),
                PinEnvelope.PURPOSE_PUSH_TOKEN, push.claims().getJWTID(), NOW));
        assertEquals("android", push.string(DeviceClaims.PLATFORM));
        assertEquals("push-2", phone.state().pushToken());

        phone.changePin("2580", "1397");
        var change = verify(DeviceApi.PIN_CHANGE, publicKey);
        var realmKey = stub.encryptionKey.toPrivateKey();
        assertEquals("2580", PinEnvelope.open(change.string(DeviceClaims.PIN), realmKey, PinEnvelope.PURPOSE_PIN_CHANGE_OLD,
                change.claims().getJWTID(), NOW));
        assertEquals("1397", PinEnvelope.open(change.string(DeviceClaims.NEW_PIN), realmKey, PinEnvelope.PURPOSE_PIN_CHANGE_NEW,
                change.claims().getJWTID(), NOW));

        phone.deactivate("1397");
        var deactivation = verify(DeviceApi.DEACTIVATION, publicKey);
        assertEquals("1397", PinEnvelope.open(deactivation.string(DeviceClaims.PIN), realmKey, PinEnvelope.PURPOSE_DEACTIVATION,
                deactivation.claims().getJWTID(), NOW));
        assertFalse(phone.state().isActivated());
        assertNotEquals(publicKey, phone.state().key().toPublicJWK(), "a deactivated app forgets its key");
    }

    private DeviceRequests.Verified verify(String path, com.nimbusds.jose.jwk.ECKey publicKey) throws Exception {
        var sent = stub.lastRequestTo(StubRealm.devicePath(path));
        assertNull(sent.header("Authorization"));
        assertEquals(DeviceApi.JOSE_MEDIA_TYPE, sent.header("Content-Type"));
        return DeviceRequests.verify(sent.body(), publicKey, StubRealm.CREDENTIAL_ID, DeviceApi.endpoint(stub.issuer(), path), NOW);
    }

    @Test
    void weakPinRefusalNamesTheBrokenRule() {
        stub.replyNext(StubRealm.devicePath(DeviceApi.ACTIVATION), StubRealm.Reply.problem(400,
                "{\"type\":\"https://idnum.example.fr/problems/weak-pin\",\"title\":\"Code trop simple\",\"status\":400,"
                        + "\"detail\":\"Choisissez un autre code.\",\"violation\":\"ascending-run\"}"));

        DeviceApiProblem refused = assertThrows(DeviceApiProblem.class, () -> phone.activate("123456", "1234"));

        assertEquals(400, refused.status());
        assertEquals("https://idnum.example.fr/problems/weak-pin", refused.type());
        assertEquals("Code trop simple", refused.title());
        assertEquals("Choisissez un autre code.", refused.detail());
        assertEquals(PinRules.Violation.ASCENDING_RUN, refused.violation().orElseThrow());
        assertFalse(phone.state().isActivated());
    }

    @Test
    void wrongCodeRefusalSaysHowManyAttemptsAreLeft() {
        stub.replyNext(StubRealm.devicePath(DeviceApi.ACTIVATION), StubRealm.Reply.problem(400,
                "{\"title\":\"Code incorrect\",\"status\":400,\"attempts_left\":2}"));

        DeviceApiProblem refused = assertThrows(DeviceApiProblem.class, () -> phone.activate("000000", "2580"));

        assertEquals(OptionalInt.of(2), refused.attemptsLeft());
        assertTrue(refused.violation().isEmpty());
    }

    @Test
    void aRefusalWithoutProblemDocumentStillCarriesItsStatus() {
        stub.replyNext(StubRealm.devicePath(DeviceApi.ACTIVATION), new StubRealm.Reply(401, null, null, Map.of()));

        DeviceApiProblem refused = assertThrows(DeviceApiProblem.class, () -> phone.activate("123456", "2580"));

        assertEquals(401, refused.status());
    }

    @Test
    void requestsAreDatedByTheInjectedClockSoTestsCanSendExpiredOnes() throws Exception {
        Instant past = NOW.minusSeconds(3600);
        PhoneApp late = PhoneApp.at(stub.issuer(), null, Clock.fixed(past, ZoneOffset.UTC));
        DeviceClient device = late.device();
        String jws = device.activationRequest(late.state().key(),
                device.activationClaims("123456", "2580", "push-1", Platform.ANDROID, "Vieux"));
        URI audience = DeviceApi.endpoint(stub.issuer(), DeviceApi.ACTIVATION);

        DeviceRequests.verifyActivation(jws, audience, past);
        assertThrows(DeviceRequests.InvalidDeviceRequest.class, () -> DeviceRequests.verifyActivation(jws, audience, NOW));

        HttpReply replayed = phone.device().send(DeviceApi.ACTIVATION, jws, phone.accessToken());
        assertEquals(201, replayed.status(), "the stub accepts anything: the raw hook returns the answer as is");
        assertEquals(jws, stub.lastRequestTo(StubRealm.devicePath(DeviceApi.ACTIVATION)).body());
    }

    @Test
    void rawHookSendsAnyBodyWithAnyMediaType() {
        byte[] oversized = new byte[DeviceApi.MAX_BODY_BYTES + 1];
        stub.replyNext(StubRealm.devicePath(DeviceApi.ACTIVATION), StubRealm.Reply.problem(413, "{\"title\":\"Too large\",\"status\":413}"));

        HttpReply reply = phone.device().send(DeviceApi.ACTIVATION, "text/plain", oversized, null);

        assertEquals(413, reply.status());
        assertEquals("Too large", reply.problem().title());
        var sent = stub.lastRequestTo(StubRealm.devicePath(DeviceApi.ACTIVATION));
        assertEquals("text/plain", sent.header("Content-Type"));
        assertArrayEquals(oversized, sent.body().getBytes());
    }

    @Test
    void deviceRequestsNeedAnActivatedPhone() {
        assertThrows(IllegalStateException.class, () -> phone.updatePushToken("push-2", "2580"));
    }
}
