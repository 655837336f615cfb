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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import fr.idnum.protocol.DeviceApi;
import fr.idnum.simulator.StubRealm;

class MainTest {

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

        assertEquals(Main.OK, run(global("push-token", "--token", "push-2")), text(err));
        assertEquals(Main.OK, run(global("change-pin", "--old", "9157", "--new", "3816")), text(err));
        assertEquals(Main.OK, run(global("show")), text(err));
        assertTrue(text(out).contains("push-2"), text(out));
        assertEquals(Main.OK, run(global("deactivate")), text(err));
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
