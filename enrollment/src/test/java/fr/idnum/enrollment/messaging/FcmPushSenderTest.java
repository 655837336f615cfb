package fr.idnum.enrollment.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.firebase.FirebaseApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FCM path for real: firebase-admin, with a service account key read from a file, talks HTTP to a
 * local stub of Google's token and FCM v1 endpoints; the stub checks what is sent and plays FCM's answers.
 */
class FcmPushSenderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-22T10:15:30Z");
    private static final String TOKEN = "fcm-token:APA91bH-stub_token";
    /** Long enough for firebase-admin's whole retry policy, which these tests observe (the send timeout: FcmFaultsTest). */
    private static final Duration WHOLE_RETRY_POLICY = Duration.ofSeconds(30);

    @TempDir
    Path folder;

    private FcmStub stub;
    private FcmPushSender sender;

    @BeforeEach
    void start() throws Exception {
        stub = new FcmStub();
        sender = FcmPushSender.start(new FcmPushSender.Settings(stub.serviceAccountFile(folder), Optional.empty(),
                Duration.ofSeconds(2), Duration.ofSeconds(5), WHOLE_RETRY_POLICY), stub.transport(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        sender.close();
        stub.close();
    }

    private static PushMessage android(String challengeId) {
        return new PushMessage(TOKEN, PushMessage.Platform.ANDROID, challengeId, Duration.ofSeconds(120));
    }

    @Test
    void sendsADataOnlyHighPriorityAndroidMessageThatLivesAsLongAsTheChallenge() throws Exception {
        PushOutcome outcome = sender.send(android("ch_8f3a2b1c9d"));

        assertEquals(PushOutcome.Status.DELIVERED, outcome.status());
        assertEquals("projects/idnum-test/messages/0:1700000000000000%abc", outcome.messageId());
        FcmStub.Received request = stub.sendRequests().get(0);
        assertEquals("POST", request.method());
        assertEquals(FcmStub.SEND_PATH, request.path());
        assertEquals("https://fcm.googleapis.com" + FcmStub.SEND_PATH, stub.requestedUrls().get(0).toString());
        assertEquals("Bearer " + FcmStub.ACCESS_TOKEN, request.header("Authorization"));
        assertTrue(request.header("Content-Type").startsWith("application/json"), request.header("Content-Type"));
        // The exact body: no validate_only (a real send), no notification block, nothing but the challenge id.
        assertEquals(JSON.readTree("""
                {"message": {
                   "token": "fcm-token:APA91bH-stub_token",
                   "data": {"type": "idnum-challenge", "challenge_id": "ch_8f3a2b1c9d"},
                   "android": {"priority": "high", "ttl": "120s"}}}
                """), JSON.readTree(request.body()));
    }

    @Test
    void sendsAnIosAlertThatExpiresWithTheChallengeAndCarriesOnlyALocalisationKey() throws Exception {
        sender.send(new PushMessage(TOKEN, PushMessage.Platform.IOS, "ch_8f3a2b1c9d", Duration.ofSeconds(90)));

        assertEquals(JSON.readTree("""
                {"message": {
                   "token": "fcm-token:APA91bH-stub_token",
                   "data": {"type": "idnum-challenge", "challenge_id": "ch_8f3a2b1c9d"},
                   "apns": {
                     "headers": {"apns-priority": "10", "apns-push-type": "alert", "apns-expiration": "%d"},
                     "payload": {"aps": {"alert": {"loc-key": "IDNUM_SIGN_IN_REQUEST"}, "content-available": 1}}}}}
                """.formatted(NOW.plusSeconds(90).getEpochSecond())), JSON.readTree(stub.sendRequests().get(0).body()));
    }

    @Test
    void authenticatesWithTheServiceAccountKeyAtItsTokenEndpointOnce() {
        sender.send(android("ch_first_one"));
        sender.send(android("ch_second_one"));

        assertEquals(1, stub.tokenRequests().size(), "the access token is cached between sends");
        FcmStub.Received token = stub.tokenRequests().get(0);
        assertTrue(token.body().contains("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer"), token.body());
        assertTrue(token.body().contains("assertion="), token.body());
        assertEquals(2, stub.sendRequests().size());
    }

    @Test
    void anUnregisteredTokenIsReportedAsStale() {
        stub.answerFcmError(404, "NOT_FOUND", "UNREGISTERED", Map.of());

        assertEquals(PushOutcome.of(PushOutcome.Status.UNREGISTERED_TOKEN), sender.send(android("ch_stale_tok")));
    }

    @Test
    void aBare404WithoutFcmDetailIsNotMistakenForAStaleToken() {
        stub.answer(404, "{\"error\":{\"code\":404,\"message\":\"not found\",\"status\":\"NOT_FOUND\"}}", Map.of());

        assertEquals(PushOutcome.Status.FAILED, sender.send(android("ch_wrong_prj")).status());
    }

    @Test
    void anExhaustedQuotaIsReportedWithFcmsRetryAfter() {
        stub.answerFcmError(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED", Map.of("Retry-After", "30"));

        PushOutcome outcome = sender.send(android("ch_quota_out"));

        assertEquals(PushOutcome.Status.QUOTA_EXCEEDED, outcome.status());
        assertEquals(Duration.ofSeconds(30), outcome.retryAfter());
        assertTrue(outcome.status().retryable());
        assertEquals(1, stub.sendRequests().size(), "a 429 is not retried by firebase-admin");
    }

    @Test
    void anUnavailableServiceWithALongRetryAfterIsReportedAtOnce() {
        stub.answerFcmError(503, "UNAVAILABLE", "UNAVAILABLE", Map.of("Retry-After", "120"));

        PushOutcome outcome = sender.send(android("ch_fcm_down1"));

        assertEquals(PushOutcome.of(PushOutcome.Status.UNAVAILABLE, Duration.ofSeconds(120)), outcome);
        assertEquals(1, stub.sendRequests().size(), "firebase-admin does not wait more than 60 s between retries");
    }

    @Test
    void anUnavailableServiceIsRetriedByFirebaseAdminThenReportedUnavailable() {
        for (int i = 0; i < 5; i++) {
            stub.answerFcmError(503, "UNAVAILABLE", "UNAVAILABLE", Map.of());
        }

        PushOutcome outcome = sender.send(android("ch_fcm_down2"));

        assertEquals(PushOutcome.of(PushOutcome.Status.UNAVAILABLE), outcome);
        // firebase-admin's own policy: 4 retries of a 503, backing off 0.5 s, 1 s, 2 s, 4 s.
        assertEquals(5, stub.sendRequests().size());
    }

    @Test
    void aMessageFcmRejectsIsReportedAsAnInvalidArgument() {
        stub.answerFcmError(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", Map.of());

        assertEquals(PushOutcome.of(PushOutcome.Status.INVALID_ARGUMENT), sender.send(android("ch_bad_token")));
    }

    @Test
    void aTokenOfAnotherFirebaseProjectIsAConfigurationFailureNotAStaleToken() {
        stub.answerFcmError(403, "PERMISSION_DENIED", "SENDER_ID_MISMATCH", Map.of());

        assertEquals(PushOutcome.of(PushOutcome.Status.FAILED), sender.send(android("ch_other_prj")));
    }

    @Test
    void anUnreachableFcmIsReportedUnavailable() {
        sender.send(android("ch_warm_token")); // the access token is cached: only FCM itself is missing below
        stub.close();

        PushOutcome outcome = sender.send(android("ch_no_network"));

        assertEquals(PushOutcome.Status.UNAVAILABLE, outcome.status());
        assertNull(outcome.messageId());
    }

    @Test
    void eachSenderHasItsOwnFirebaseAppAndReleasesItWhenClosed() throws Exception {
        try (FcmStub other = new FcmStub()) {
            Path otherKey = other.serviceAccountFile(Files.createDirectory(folder.resolve("other")));
            FcmPushSender second = FcmPushSender.start(new FcmPushSender.Settings(otherKey, Optional.of("another-project"),
                    Duration.ofSeconds(2), Duration.ofSeconds(5), WHOLE_RETRY_POLICY), other.transport(), Clock.systemUTC());
            assertNotEquals(sender.appName(), second.appName());
            assertTrue(FirebaseApp.getApps().stream().anyMatch(app -> app.getName().equals(second.appName())));

            assertEquals(PushOutcome.Status.DELIVERED, second.send(android("ch_second_app")).status());
            assertEquals("/v1/projects/another-project/messages:send", other.sendRequests().get(0).path());
            second.close();

            assertFalse(FirebaseApp.getApps().stream().anyMatch(app -> app.getName().equals(second.appName())));
            assertEquals(PushOutcome.Status.DELIVERED, sender.send(android("ch_first_app")).status());
        }
    }
}
