package fr.idnum.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.idnum.protocol.Challenges;
import fr.idnum.protocol.DeviceApi;
import fr.idnum.protocol.DeviceClaims;
import fr.idnum.protocol.DeviceRequests;
import fr.idnum.protocol.PinEnvelope;

/**
 * The simulator behaves as the app must when a fetch says the push service no longer knows its push token
 * (docs/device-api.md, "Push token"): it sends a fresh token with the code the citizen types next, once.
 */
class PushTokenRenewalTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final String PENDING = StubRealm.devicePath(DeviceApi.PENDING_CHALLENGE);
    private static final String ANSWER = StubRealm.devicePath(DeviceApi.CHALLENGE_ANSWER);
    private static final String PUSH_TOKEN = StubRealm.devicePath(DeviceApi.PUSH_TOKEN);
    private static final String UNLOCK = StubRealm.devicePath(DeviceApi.SIGN_IN_UNLOCK);

    private final StubRealm stub = new StubRealm();
    private PhoneApp phone;

    @BeforeEach
    void activate() {
        phone = PhoneApp.at(stub.issuer(), null, Clock.fixed(NOW, ZoneOffset.UTC)).pushTokens(() -> "fcm-fresh-1");
        phone.login(StubRealm.USERNAME, StubRealm.PASSWORD);
        phone.activate("123456", "2580");
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void aChallengeSignedAsForAPhoneWhoseTokenIsDeadIsApprovedThenAFreshTokenGoesWithTheSameCode() throws Exception {
        stub.offer(StubRealm.matchingChallenge(NOW).withPushTokenUnregistered(true));

        Challenges.Challenge challenge = phone.pendingChallenge().orElseThrow();
        assertTrue(challenge.pushTokenUnregistered());
        assertTrue(phone.pushTokenUnregistered());
        phone.approve(challenge, "2580", 42);

        assertEquals(List.of(ANSWER, PUSH_TOKEN), deviceCallsAfterTheFetch(), "the approval first, then the token");
        DeviceRequests.Verified sent = DeviceRequests.verify(stub.lastRequestTo(PUSH_TOKEN).body(),
                phone.state().key().toPublicJWK(), StubRealm.CREDENTIAL_ID, DeviceApi.endpoint(stub.issuer(), DeviceApi.PUSH_TOKEN), NOW);
        assertEquals("fcm-fresh-1", sent.string(DeviceClaims.PUSH_TOKEN));
        assertEquals("2580", PinEnvelope.open(sent.string(DeviceClaims.PIN), stub.encryptionKey.toPrivateKey(),
                PinEnvelope.PURPOSE_PUSH_TOKEN, sent.claims().getJWTID(), NOW));
        assertEquals("fcm-fresh-1", phone.state().pushToken());
        assertFalse(phone.pushTokenUnregistered(), "sent once");
    }

    @Test
    void aNothingWaitingThatSaysTheTokenIsDeadIsRememberedUntilTheNextCodeTyped() {
        stub.replyNext(PENDING, new StubRealm.Reply(204, null, null,
                Map.of(DeviceApi.PUSH_TOKEN_STATUS_HEADER, DeviceApi.PUSH_TOKEN_UNREGISTERED)));

        assertEquals(Optional.empty(), phone.pendingChallenge());
        assertTrue(phone.pushTokenUnregistered());
        assertTrue(stub.requestsTo(PUSH_TOKEN).isEmpty(), "no code typed yet: nothing sent");

        phone.unlockSignIns("2580");

        assertEquals(List.of(UNLOCK, PUSH_TOKEN), deviceCallsAfterTheFetch());
        assertEquals("fcm-fresh-1", phone.state().pushToken());
        assertFalse(phone.pushTokenUnregistered());
    }

    @Test
    void aPhoneWhoseTokenIsAliveSendsNoTokenWhenItApproves() {
        stub.offer(StubRealm.matchingChallenge(NOW));

        Challenges.Challenge challenge = phone.pendingChallenge().orElseThrow();
        assertFalse(challenge.pushTokenUnregistered());
        assertFalse(phone.pushTokenUnregistered());
        phone.approve(challenge, "2580", 42);

        assertEquals(List.of(ANSWER), deviceCallsAfterTheFetch());
        assertTrue(stub.requestsTo(PUSH_TOKEN).isEmpty());
    }

    @Test
    void aLaterFetchWithoutTheFlagForgetsIt() {
        stub.replyNext(PENDING, new StubRealm.Reply(204, null, null,
                Map.of(DeviceApi.PUSH_TOKEN_STATUS_HEADER, DeviceApi.PUSH_TOKEN_UNREGISTERED)));
        phone.pendingChallenge();
        assertTrue(phone.pushTokenUnregistered());

        stub.offer(StubRealm.matchingChallenge(NOW)); // the realm no longer says so: it is the authority
        phone.approve(phone.pendingChallenge().orElseThrow(), "2580", 42);

        assertTrue(stub.requestsTo(PUSH_TOKEN).isEmpty());
    }

    /** The device API calls after the last fetch of the pending challenge, in order. */
    private List<String> deviceCallsAfterTheFetch() {
        List<String> paths = stub.requests().stream().map(StubRealm.Recorded::path)
                .filter(p -> p.contains("/" + DeviceApi.RESOURCE + "/device/")).toList();
        return paths.subList(paths.lastIndexOf(PENDING) + 1, paths.size());
    }
}
