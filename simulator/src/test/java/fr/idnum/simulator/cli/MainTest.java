package fr.idnum.simulator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import fr.idnum.protocol.ChallengeAnswers;
import fr.idnum.protocol.Challenges;
import fr.idnum.protocol.DeviceApi;
import fr.idnum.protocol.DeviceClaims;
import fr.idnum.protocol.DeviceRequests;
import fr.idnum.protocol.PinEnvelope;
import fr.idnum.simulator.StubRealm;
import fr.idnum.simulator.device.DeviceState;

class MainTest {

    private static final String ANSWER = StubRealm.devicePath(DeviceApi.CHALLENGE_ANSWER);

    @TempDir
    Path dir;

    private final StubRealm stub = new StubRealm();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void stop() {
        stub.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "--issuer http://localhost/realms/idnum --state phone.json",
            "--issuer http://localhost/realms/idnum --state phone.json fly",
            "--issuer http://localhost/realms/idnum --state phone.json show deactivate",
            "--issuer http://localhost/realms/idnum --state phone.json activate --username u --password p --code 123456",
            "--issuer http://localhost/realms/idnum --state phone.json change-pin --old 2580",
            "--issuer http://localhost/realms/idnum --state phone.json push-token --token",
            "--issuer http://localhost/realms/idnum --state phone.json deactivate --force yes",
            "--issuer http://localhost/realms/idnum --state phone.json approve --number 42",
            "--issuer http://localhost/realms/idnum --state phone.json approve --pin 2580 --number forty-two",
            "--issuer http://localhost/realms/idnum --state phone.json approve --pin 2580 --yes please",
            "--issuer http://localhost/realms/idnum --state phone.json deny --pin 2580",
            "--issuer http://localhost/realms/idnum --state phone.json challenge --number 42",
            "--state phone.json show"})
    void wrongCommandLinesExitWithUsage(String line) {
        assertEquals(Main.USAGE, run(line.isEmpty() ? new String[0] : line.split(" ")));
        assertTrue(text(err).contains("Usage: idnum-simulator"), text(err));
    }

    @Test
    void commandsOnAPhoneNeverActivatedExitWithUsage() {
        assertEquals(Main.USAGE, run(global("show")));
        assertTrue(text(err).contains("run activate first"), text(err));
    }

    @Test
    void activatesThenActsAsTheSavedPhoneWithoutEverPrintingSecrets() {
        assertEquals(Main.OK, run(global("activate", "--username", StubRealm.USERNAME, "--password", StubRealm.PASSWORD,
                "--code", "864213", "--pin", "9157", "--label", "Mon téléphone", "--push-token", "push-1")), text(err));
        assertTrue(Files.exists(dir.resolve("phone.json")));
        assertTrue(text(out).contains(StubRealm.CREDENTIAL_ID), text(out));

        assertEquals(Main.OK, run(global("push-token", "--token", "push-2", "--pin", "9157")), text(err));
        assertEquals(Main.OK, run(global("change-pin", "--old", "9157", "--new", "3816")), text(err));
        assertEquals(Main.OK, run(global("show")), text(err));
        assertTrue(text(out).contains("push-2"), text(out));
        assertEquals(Main.OK, run(global("deactivate", "--pin", "3816")), text(err));
        assertEquals(1, stub.requestsTo(StubRealm.devicePath(DeviceApi.DEACTIVATION)).size());

        String printed = text(out) + text(err);
        for (String secret : new String[] {"9157", "3816", "864213", StubRealm.PASSWORD, StubRealm.ACCESS_TOKEN}) {
            assertFalse(printed.contains(secret), "printed " + secret + ":\n" + printed);
        }
    }

    @Test
    void aRefusalExitsWithOneAndSaysWhy() {
        stub.replyNext(StubRealm.devicePath(DeviceApi.ACTIVATION), StubRealm.Reply.problem(400,
                "{\"title\":\"Code incorrect\",\"status\":400,\"detail\":\"Il reste 2 essais.\",\"attempts_left\":2}"));

        assertEquals(Main.REFUSED, run(global("activate", "--username", StubRealm.USERNAME, "--password", StubRealm.PASSWORD,
                "--code", "000000", "--pin", "9157")));

        assertTrue(text(err).contains("Code incorrect: Il reste 2 essais."), text(err));
        assertFalse(Files.exists(dir.resolve("phone.json")), "a refused activation saves nothing");
    }

    @Test
    void aFailedLoginExitsWithOneAndShowsThePage() {
        assertEquals(Main.REFUSED, run(global("activate", "--username", StubRealm.USERNAME, "--password", "wrong",
                "--code", "123456", "--pin", "9157")));
        assertTrue(text(err).contains("Mot de passe invalide."), text(err));
    }

    @Test
    void showsTheWaitingChallengeWithoutItsSecrets() {
        activate();
        Challenges.Challenge offered = StubRealm.matchingChallenge(Instant.now());
        stub.offer(offered);

        assertEquals(Main.OK, run(global("challenge")), text(err));

        String printed = text(out);
        for (String shown : new String[] {"Impots.gouv", "Firefox on Linux", "type the 2-digit number", "Expires at"}) {
            assertTrue(printed.contains(shown), printed);
        }
        assertFalse(printed.contains(offered.nonce()), printed);
        assertFalse(printed.contains("Replaces"), printed);
    }

    @Test
    void saysWhenARequestReplacedAnotherOne() {
        activate();
        Challenges.Challenge first = StubRealm.matchingChallenge(Instant.now());
        stub.offer(new Challenges.Challenge(first.id(), first.nonce(), first.clientName(), first.browser(), first.operatingSystem(),
                first.requestedAt(), first.expiresAt(), true, true));

        assertEquals(Main.OK, run(global("challenge")), text(err));
        assertTrue(text(out).contains("Replaces:      an earlier request"), text(out));
    }

    @Test
    void saysWhenNoChallengeWaits() {
        activate();

        assertEquals(Main.OK, run(global("challenge")), text(err));
        assertTrue(text(out).contains("No sign-in challenge"), text(out));
        assertEquals(Main.REFUSED, run(global("approve", "--pin", "2580")));
        assertEquals(Main.REFUSED, run(global("deny")));
        assertTrue(stub.requestsTo(ANSWER).isEmpty());
    }

    @Test
    void approvesTheWaitingChallengeWithTheNumberFromTheBrowser() throws Exception {
        activate();
        Challenges.Challenge offered = StubRealm.matchingChallenge(Instant.now());
        stub.offer(offered);

        assertEquals(Main.OK, run(global("approve", "--pin", "2580", "--number", "42")), text(err));

        Map<String, Object> answer = sentAnswer();
        assertEquals(offered.id(), answer.get(ChallengeAnswers.CHALLENGE_ID));
        assertEquals(ChallengeAnswers.APPROVE, answer.get(ChallengeAnswers.DECISION));
        assertEquals(42L, answer.get(ChallengeAnswers.NUMBER));
        assertEquals("2580", PinEnvelope.open((String) answer.get(DeviceClaims.PIN), stub.encryptionKey.toPrivateKey(),
                PinEnvelope.PURPOSE_CHALLENGE, (String) answer.get("jti"), Instant.now()));
        assertTrue(text(out).contains("approved"), text(out));
        assertFalse((text(out) + text(err)).contains("2580"));
    }

    @Test
    void approvesAChallengeWithoutNumberMatchingWithThePinOnly() throws Exception {
        activate();
        stub.offer(StubRealm.challenge(Instant.now()));

        assertEquals(Main.USAGE, run(global("approve", "--pin", "2580", "--number", "42")));
        assertEquals(Main.OK, run(global("approve", "--pin", "2580")), text(err));

        assertFalse(sentAnswer().containsKey(ChallengeAnswers.NUMBER));
    }

    @Test
    void refusesToApproveWithoutTheTwoDigitsTheBrowserShows() {
        activate();
        stub.offer(StubRealm.matchingChallenge(Instant.now()));

        assertEquals(Main.USAGE, run(global("approve", "--pin", "2580")));
        assertTrue(text(err).contains("two digits"), text(err));
        assertEquals(Main.USAGE, run(global("approve", "--pin", "2580", "--number", "100")));
        assertTrue(stub.requestsTo(ANSWER).isEmpty());
    }

    @Test
    void deniesTheWaitingChallengeWithoutPin() throws Exception {
        activate();
        stub.offer(StubRealm.matchingChallenge(Instant.now()));

        assertEquals(Main.OK, run(global("deny")), text(err));

        Map<String, Object> answer = sentAnswer();
        assertEquals(ChallengeAnswers.DENY, answer.get(ChallengeAnswers.DECISION));
        assertFalse(answer.containsKey(DeviceClaims.PIN));
        assertTrue(text(out).contains("denied"), text(out));
    }

    @Test
    void notMeReportsTheWaitingChallengeAndUnlockLiftsTheLockWithTheCode() throws Exception {
        activate();
        stub.offer(StubRealm.matchingChallenge(Instant.now()));

        assertEquals(Main.OK, run(global("not-me")), text(err));
        assertEquals(ChallengeAnswers.REPORT_FRAUD, sentAnswer().get(ChallengeAnswers.DECISION));
        assertFalse(sentAnswer().containsKey(DeviceClaims.PIN));
        assertTrue(text(out).contains("reported"), text(out));

        assertEquals(Main.USAGE, run(global("unlock")));
        assertEquals(Main.OK, run(global("unlock", "--pin", "7391")), text(err));
        assertEquals(1, stub.requestsTo(StubRealm.devicePath(DeviceApi.SIGN_IN_UNLOCK)).size());
        assertFalse((text(out) + text(err)).contains("7391"), "the code is never printed");
    }

    @Test
    void aWrongPinExitsWithOneAndSaysHowManyTriesAreLeft() {
        activate();
        stub.offer(StubRealm.challenge(Instant.now()));
        stub.replyNext(ANSWER, StubRealm.Reply.problem(400,
                "{\"title\":\"Code incorrect\",\"status\":400,\"detail\":\"Il reste 2 essais.\",\"attempts_left\":2}"));

        assertEquals(Main.REFUSED, run(global("approve", "--pin", "1111")));
        assertTrue(text(err).contains("Code incorrect: Il reste 2 essais."), text(err));
    }

    @Test
    void aChallengeNotSignedByTheRealmExitsWithThree() {
        activate();
        stub.offeredChallenge = stub.signChallenge(StubRealm.matchingChallenge(Instant.now()),
                StubRealm.ec(stub.challengeKey.getKeyID()), StubRealm.CREDENTIAL_ID);

        assertEquals(Main.FAILED, run(global("challenge")));
        assertTrue(text(err).contains("Untrusted challenge"), text(err));
        assertEquals(Main.FAILED, run(global("approve", "--pin", "2580", "--number", "42")));
        assertTrue(stub.requestsTo(ANSWER).isEmpty());
    }

    private void activate() {
        assertEquals(Main.OK, run(global("activate", "--username", StubRealm.USERNAME, "--password", StubRealm.PASSWORD,
                "--code", "864213", "--pin", "2580")), text(err));
    }

    /** The claims of the last answer, checked as the realm checks the device's signature. */
    private Map<String, Object> sentAnswer() throws Exception {
        var key = DeviceState.load(dir.resolve("phone.json")).key().toPublicJWK();
        return DeviceRequests.verify(stub.lastRequestTo(ANSWER).body(), key, StubRealm.CREDENTIAL_ID,
                DeviceApi.endpoint(stub.issuer(), DeviceApi.CHALLENGE_ANSWER), Instant.now()).claims().getClaims();
    }

    private String[] global(String... command) {
        String[] prefix = {"--issuer", stub.issuer().toString(), "--state", dir.resolve("phone.json").toString()};
        String[] all = new String[prefix.length + command.length];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(command, 0, all, prefix.length, command.length);
        return all;
    }

    private int run(String... args) {
        return new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Clock.systemUTC()).run(args);
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
