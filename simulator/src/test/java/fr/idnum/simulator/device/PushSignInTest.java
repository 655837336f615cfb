package fr.idnum.simulator.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import com.nimbusds.jose.jwk.ECKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import fr.idnum.protocol.ChallengeAnswers;
import fr.idnum.protocol.Challenges;
import fr.idnum.protocol.DeviceApi;
import fr.idnum.protocol.DeviceClaims;
import fr.idnum.protocol.DeviceProblems;
import fr.idnum.protocol.DeviceRequests;
import fr.idnum.protocol.PinEnvelope;
import fr.idnum.protocol.Platform;
import fr.idnum.simulator.PhoneApp;
import fr.idnum.simulator.StubRealm;
import fr.idnum.simulator.http.HttpReply;
import fr.idnum.testsupport.CampaignTally;
import org.junit.jupiter.api.AfterAll;

class PushSignInTest {

    /** One case per forged challenge the phone refuses (refusedChallenge), for the campaign's totals (issue 14). */
    private static final CampaignTally TALLY = new CampaignTally();

    @AfterAll
    static void tally() {
        TALLY.write(PushSignInTest.class);
    }

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final String PENDING = StubRealm.devicePath(DeviceApi.PENDING_CHALLENGE);
    private static final String ANSWER = StubRealm.devicePath(DeviceApi.CHALLENGE_ANSWER);
    private static final String CERTS = "/realms/idnum/protocol/openid-connect/certs";

    private final StubRealm stub = new StubRealm();
    private PhoneApp phone;

    @BeforeEach
    void activate() {
        phone = PhoneApp.at(stub.issuer(), null, Clock.fixed(NOW, ZoneOffset.UTC));
        phone.login(StubRealm.USERNAME, StubRealm.PASSWORD);
        phone.activate("123456", "2580");
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void fetchesThePendingChallengeWithASignedRequestAndChecksTheRealmSignature() throws Exception {
        Challenges.Challenge offered = StubRealm.matchingChallenge(NOW);
        stub.offer(offered);

        assertEquals(Optional.of(offered), phone.pendingChallenge());

        var sent = stub.lastRequestTo(PENDING);
        assertNull(sent.header("Authorization"));
        assertEquals(DeviceApi.JOSE_MEDIA_TYPE, sent.header("Content-Type"));
        assertTrue(sent.header("Accept").contains(DeviceApi.CHALLENGE_MEDIA_TYPE), sent.header("Accept"));
        DeviceRequests.verify(sent.body(), phone.state().key().toPublicJWK(), StubRealm.CREDENTIAL_ID,
                DeviceApi.endpoint(stub.issuer(), DeviceApi.PENDING_CHALLENGE), NOW);
    }

    @Test
    void nothingWaitingIsEmpty() {
        assertEquals(Optional.empty(), phone.pendingChallenge());
    }

    @Test
    void rejectsAChallengeSignedByAKeyTheRealmDoesNotPublish() {
        ECKey impostor = StubRealm.ec(stub.challengeKey.getKeyID());
        stub.offeredChallenge = stub.signChallenge(StubRealm.matchingChallenge(NOW), impostor, StubRealm.CREDENTIAL_ID);

        UntrustedChallenge refused = refusedChallenge();

        assertTrue(refused.getMessage().contains("signature"), refused.getMessage());
    }

    @Test
    void rejectsAChallengeNamingAnUnknownKeyAfterLookingForItOnce() {
        phone.realm().keys();
        int fetched = stub.requestsTo(CERTS).size();
        ECKey unknown = StubRealm.ec("sig-unknown");
        stub.offeredChallenge = stub.signChallenge(StubRealm.matchingChallenge(NOW), unknown, StubRealm.CREDENTIAL_ID);

        UntrustedChallenge refused = refusedChallenge();

        assertTrue(refused.getMessage().contains("does not publish"), refused.getMessage());
        assertEquals(fetched + 1, stub.requestsTo(CERTS).size(), "the JWKS is fetched again once, not more");
    }

    @Test
    void picksUpARotatedRealmKey() {
        stub.offer(StubRealm.matchingChallenge(NOW));
        phone.pendingChallenge().orElseThrow();
        int fetched = stub.requestsTo(CERTS).size();

        stub.rotateChallengeKey();
        Challenges.Challenge next = StubRealm.matchingChallenge(NOW);
        stub.offer(next);

        assertEquals(next, phone.pendingChallenge().orElseThrow());
        assertEquals(fetched + 1, stub.requestsTo(CERTS).size());
        phone.pendingChallenge().orElseThrow();
        assertEquals(fetched + 1, stub.requestsTo(CERTS).size(), "a known key needs no new fetch");
    }

    @Test
    void rejectsAChallengeMeantForAnotherPhone() {
        stub.offeredChallenge = stub.signChallenge(StubRealm.matchingChallenge(NOW), stub.challengeKey, "credential-2");

        UntrustedChallenge refused = refusedChallenge();

        assertTrue(refused.getMessage().contains("another phone"), refused.getMessage());
    }

    @Test
    void aChallengeThatIsNotAJwtAnswerIsAFailureNotAChallenge() {
        stub.replyNext(PENDING, new StubRealm.Reply(200, "application/json", "{}", Map.of()));

        assertThrows(IllegalStateException.class, () -> phone.pendingChallenge());
    }

    @Test
    void approvalCarriesThePickedNumberAndThePinSealedForChallenges() throws Exception {
        Challenges.Challenge challenge = offerAndRead(true);

        phone.approve(challenge, "2580", 42);

        DeviceRequests.Verified answer = verifiedAnswer();
        assertEquals(challenge.id(), answer.string(ChallengeAnswers.CHALLENGE_ID));
        assertEquals(challenge.nonce(), answer.string(ChallengeAnswers.NONCE));
        assertEquals(ChallengeAnswers.APPROVE, answer.string(ChallengeAnswers.DECISION));
        assertEquals(42, ((Number) answer.claims().getClaim(ChallengeAnswers.NUMBER)).intValue());
        String envelope = answer.string(DeviceClaims.PIN);
        var realmKey = stub.encryptionKey.toPrivateKey();
        String requestId = answer.claims().getJWTID();
        assertEquals("2580", PinEnvelope.open(envelope, realmKey, PinEnvelope.PURPOSE_CHALLENGE, requestId, NOW));
        assertThrows(PinEnvelope.InvalidPinEnvelope.class,
                () -> PinEnvelope.open(envelope, realmKey, PinEnvelope.PURPOSE_ACTIVATION, requestId, NOW));
        assertFalse(stub.lastRequestTo(ANSWER).body().contains("2580"));
    }

    @Test
    void approvalWithoutNumberMatchingCarriesNoNumber() throws Exception {
        Challenges.Challenge challenge = offerAndRead(false);

        phone.approve(challenge, "2580");

        DeviceRequests.Verified answer = verifiedAnswer();
        assertEquals(ChallengeAnswers.APPROVE, answer.string(ChallengeAnswers.DECISION));
        assertNull(answer.claims().getClaim(ChallengeAnswers.NUMBER));
        assertEquals("2580", PinEnvelope.open(answer.string(DeviceClaims.PIN), stub.encryptionKey.toPrivateKey(),
                PinEnvelope.PURPOSE_CHALLENGE, answer.claims().getJWTID(), NOW));
    }

    @Test
    void denialCarriesNeitherPinNorNumber() throws Exception {
        Challenges.Challenge challenge = offerAndRead(true);

        phone.deny(challenge);

        DeviceRequests.Verified answer = verifiedAnswer();
        assertEquals(challenge.id(), answer.string(ChallengeAnswers.CHALLENGE_ID));
        assertEquals(challenge.nonce(), answer.string(ChallengeAnswers.NONCE));
        assertEquals(ChallengeAnswers.DENY, answer.string(ChallengeAnswers.DECISION));
        assertNull(answer.claims().getClaim(DeviceClaims.PIN));
        assertNull(answer.claims().getClaim(ChallengeAnswers.NUMBER));
    }

    @Test
    void aFraudReportCarriesNeitherPinNorNumberAndTheUnlockCarriesTheSealedPin() throws Exception {
        Challenges.Challenge challenge = offerAndRead(true);

        phone.reportFraud(challenge);
        DeviceRequests.Verified report = verifiedAnswer();
        assertEquals(ChallengeAnswers.REPORT_FRAUD, report.string(ChallengeAnswers.DECISION));
        assertNull(report.claims().getClaim(DeviceClaims.PIN));
        assertNull(report.claims().getClaim(ChallengeAnswers.NUMBER));

        phone.unlockSignIns("2580");
        var sent = stub.lastRequestTo(StubRealm.devicePath(DeviceApi.SIGN_IN_UNLOCK));
        DeviceRequests.Verified unlock = DeviceRequests.verify(sent.body(), phone.state().key().toPublicJWK(), StubRealm.CREDENTIAL_ID,
                DeviceApi.endpoint(stub.issuer(), DeviceApi.SIGN_IN_UNLOCK), NOW);
        assertEquals("2580", PinEnvelope.open(unlock.string(DeviceClaims.PIN), stub.encryptionKey.toPrivateKey(),
                PinEnvelope.PURPOSE_SIGN_IN_UNLOCK, unlock.claims().getJWTID(), NOW));
        assertFalse(sent.body().contains("2580"));
    }

    @Test
    void thePhoneSendsATwoDigitNumberOnlyWhenTheChallengeAsksForOne() {
        Challenges.Challenge matching = StubRealm.matchingChallenge(NOW);
        Challenges.Challenge plain = StubRealm.challenge(NOW);

        assertThrows(IllegalArgumentException.class, () -> phone.approve(matching, "2580", 100));
        assertThrows(IllegalArgumentException.class, () -> phone.approve(matching, "2580", 7));
        assertThrows(IllegalArgumentException.class, () -> phone.approve(matching, "2580"));
        assertThrows(IllegalArgumentException.class, () -> phone.approve(plain, "2580", 42));
        assertTrue(stub.requestsTo(ANSWER).isEmpty());
    }

    @ParameterizedTest
    @CsvSource({
            "400, wrong-pin, 2",
            "403, device-locked, ",
            "400, wrong-number, ",
            "409, challenge-answered, ",
            "410, challenge-expired, ",
            "404, unknown-challenge, "})
    void answerRefusalsCarryTheServersProblem(int status, String name, Integer attemptsLeft) {
        Challenges.Challenge challenge = offerAndRead(true);
        stub.replyNext(ANSWER, StubRealm.Reply.problem(status, "{\"type\":\"" + DeviceProblems.TYPE_BASE + name
                + "\",\"title\":\"Refusé\",\"status\":" + status
                + (attemptsLeft == null ? "" : ",\"" + DeviceProblems.ATTEMPTS_LEFT + "\":" + attemptsLeft) + "}"));

        DeviceApiProblem refused = assertThrows(DeviceApiProblem.class, () -> phone.approve(challenge, "1111", 42));

        assertEquals(status, refused.status());
        assertEquals(DeviceProblems.TYPE_BASE + name, refused.type());
        assertEquals(attemptsLeft == null ? OptionalInt.empty() : OptionalInt.of(attemptsLeft), refused.attemptsLeft());
    }

    @Test
    void aRefusedFetchCarriesTheServersProblem() {
        stub.replyNext(PENDING, StubRealm.Reply.problem(401, "{\"type\":\"" + DeviceProblems.TYPE_BASE
                + DeviceProblems.INVALID_DEVICE_REQUEST + "\",\"title\":\"Appareil inconnu\",\"status\":401}"));

        DeviceApiProblem refused = assertThrows(DeviceApiProblem.class, () -> phone.pendingChallenge());

        assertEquals(401, refused.status());
        assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.INVALID_DEVICE_REQUEST, refused.type());
    }

    @Test
    void craftedAnswersCanBeReplayedSignedByAnotherDeviceOrAimedAtAnotherChallenge() throws Exception {
        Challenges.Challenge challenge = offerAndRead(true);
        DeviceClient device = phone.device();
        Map<String, Object> claims = device.answerClaims(challenge, ChallengeAnswers.APPROVE, 42, "2580");
        String jws = device.answerRequest(phone.state(), claims);

        assertEquals(204, device.send(DeviceApi.CHALLENGE_ANSWER, jws, null).status());
        stub.replyNext(ANSWER, StubRealm.Reply.problem(409, "{\"title\":\"Déjà répondu\",\"status\":409}"));
        HttpReply replayed = device.send(DeviceApi.CHALLENGE_ANSWER, jws, null);
        assertEquals(409, replayed.status(), "the raw hook returns the answer as is");
        assertEquals(jws, stub.lastRequestTo(ANSWER).body());

        DeviceState thief = DeviceState.fresh(stub.issuer()).activated(StubRealm.CREDENTIAL_ID, "push-x", Platform.ANDROID, "x");
        String stolen = device.answerRequest(thief, claims);
        assertThrows(DeviceRequests.InvalidDeviceRequest.class, () -> DeviceRequests.verify(stolen,
                phone.state().key().toPublicJWK(), StubRealm.CREDENTIAL_ID, DeviceApi.endpoint(stub.issuer(), DeviceApi.CHALLENGE_ANSWER), NOW));

        Challenges.Challenge other = StubRealm.matchingChallenge(NOW);
        device.answer(phone.state(), device.answerClaims(other, ChallengeAnswers.APPROVE, 99, null));
        DeviceRequests.Verified crafted = verifiedAnswer();
        assertEquals(other.id(), crafted.string(ChallengeAnswers.CHALLENGE_ID));
        assertEquals(99, ((Number) crafted.claims().getClaim(ChallengeAnswers.NUMBER)).intValue());
        assertNull(crafted.claims().getClaim(DeviceClaims.PIN), "low-level claims check nothing: approval without PIN");
    }

    @Test
    void awaitingPollsUntilAChallengeComes() {
        Challenges.Challenge offered = StubRealm.matchingChallenge(NOW);
        stub.replyNext(PENDING, new StubRealm.Reply(204, null, null, Map.of()));
        stub.replyNext(PENDING, new StubRealm.Reply(204, null, null, Map.of()));
        stub.offer(offered);

        assertEquals(offered, phone.awaitChallenge(Duration.ofSeconds(5)));
        assertEquals(3, stub.requestsTo(PENDING).size());
    }

    @Test
    void awaitingGivesUpAfterTheTimeout() {
        IllegalStateException timedOut = assertThrows(IllegalStateException.class, () -> phone.awaitChallenge(Duration.ofMillis(250)));

        assertTrue(timedOut.getMessage().contains("No sign-in challenge"), timedOut.getMessage());
        assertTrue(stub.requestsTo(PENDING).size() >= 2);
    }

    @Test
    void challengesNeedAnActivatedPhone() {
        PhoneApp fresh = PhoneApp.at(stub.issuer(), null, Clock.fixed(NOW, ZoneOffset.UTC));

        assertThrows(IllegalStateException.class, fresh::pendingChallenge);
    }

    /** The challenge as the phone read it after the realm offered it. */
    private Challenges.Challenge offerAndRead(boolean numberMatching) {
        stub.offer(numberMatching ? StubRealm.matchingChallenge(NOW) : StubRealm.challenge(NOW));
        return phone.pendingChallenge().orElseThrow();
    }

    private DeviceRequests.Verified verifiedAnswer() throws Exception {
        var sent = stub.lastRequestTo(ANSWER);
        assertNull(sent.header("Authorization"));
        assertEquals(DeviceApi.JOSE_MEDIA_TYPE, sent.header("Content-Type"));
        return DeviceRequests.verify(sent.body(), phone.state().key().toPublicJWK(), StubRealm.CREDENTIAL_ID,
                DeviceApi.endpoint(stub.issuer(), DeviceApi.CHALLENGE_ANSWER), NOW);
    }

    /** The challenge offered, fetched and refused by the phone as untrusted. */
    private UntrustedChallenge refusedChallenge() {
        UntrustedChallenge refused = assertThrows(UntrustedChallenge.class, () -> phone.pendingChallenge());
        TALLY.cases(1);
        return refused;
    }
}
