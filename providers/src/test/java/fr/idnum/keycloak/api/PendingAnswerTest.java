package fr.idnum.keycloak.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Optional;

import jakarta.ws.rs.core.Response;

import fr.idnum.protocol.DeviceApi;
import org.junit.jupiter.api.Test;

/**
 * The answer to the app's fetch of its pending challenge tells it, with a challenge or without, that the push service
 * no longer knows its push token (the signed copy in the document: {@code ChallengesTest}; end to end:
 * {@code UnregisteredPushTokenIT}).
 */
class PendingAnswerTest {

    @Test
    void nothingWaitingForAPhoneWhoseTokenIsDeadIsA204ThatSaysSo() {
        Response answer = ChallengeAnswering.pendingAnswer(Optional.empty(), true);

        assertEquals(204, answer.getStatus());
        assertEquals(DeviceApi.PUSH_TOKEN_UNREGISTERED, answer.getHeaderString(DeviceApi.PUSH_TOKEN_STATUS_HEADER));
        assertEquals("no-store", answer.getHeaderString("Cache-Control"));
    }

    @Test
    void aChallengeForAPhoneWhoseTokenIsDeadSaysSoInTheHeaderToo() {
        Response answer = ChallengeAnswering.pendingAnswer(Optional.of("header.claims.signature"), true);

        assertEquals(200, answer.getStatus());
        assertEquals("header.claims.signature", answer.getEntity());
        assertEquals(DeviceApi.CHALLENGE_MEDIA_TYPE, answer.getMediaType().toString());
        assertEquals(DeviceApi.PUSH_TOKEN_UNREGISTERED, answer.getHeaderString(DeviceApi.PUSH_TOKEN_STATUS_HEADER));
    }

    @Test
    void aPhoneWhoseTokenIsAliveGetsNoSuchHeader() {
        assertNull(ChallengeAnswering.pendingAnswer(Optional.empty(), false).getHeaderString(DeviceApi.PUSH_TOKEN_STATUS_HEADER));
        Response challenge = ChallengeAnswering.pendingAnswer(Optional.of("header.claims.signature"), false);
        assertEquals(200, challenge.getStatus());
        assertNull(challenge.getHeaderString(DeviceApi.PUSH_TOKEN_STATUS_HEADER));
        assertEquals("no-store", challenge.getHeaderString("Cache-Control"));
    }
}
