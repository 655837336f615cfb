package fr.idnum.simulator.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.idnum.protocol.Platform;
import fr.idnum.simulator.PhoneApp;
import fr.idnum.simulator.StubRealm;

class DeviceStateTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsThroughItsFileWithThePrivateKey() {
        DeviceState state = DeviceState.fresh(java.net.URI.create("http://localhost:8080/realms/idnum"))
                .activated("credential-1", "push-1", Platform.IOS, "Téléphone de Marie");
        Path file = dir.resolve("phone.json");

        state.save(file);
        DeviceState loaded = DeviceState.load(file);

        assertEquals(state, loaded);
        assertTrue(loaded.key().isPrivate());
    }

    @Test
    void aFreshStateRoundTripsToo() {
        DeviceState state = DeviceState.fresh(java.net.URI.create("http://localhost:8080/realms/idnum"));
        Path file = dir.resolve("phone.json");

        state.save(file);

        assertEquals(state, DeviceState.load(file));
        assertFalse(DeviceState.load(file).isActivated());
    }

    @Test
    void savedPhoneHoldsNeitherPinNorActivationCodeNorTokensAndOnlyItsOwnerReadsIt() throws Exception {
        try (StubRealm stub = new StubRealm()) {
            PhoneApp phone = PhoneApp.at(stub.issuer(), null, Clock.systemUTC());
            phone.login(StubRealm.USERNAME, StubRealm.PASSWORD);
            phone.activate("864213", "9157");
            Path file = dir.resolve("phone.json");

            phone.save(file);

            String text = Files.readString(file);
            assertFalse(text.contains("9157"), text);
            assertFalse(text.contains("864213"), text);
            assertFalse(text.contains(StubRealm.ACCESS_TOKEN), text);
            assertFalse(text.contains("\"pin\""), text);
            assertEquals(StubRealm.CREDENTIAL_ID, PhoneApp.load(file, null, Clock.systemUTC()).credentialId());
            if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            }
        }
    }

    @Test
    void describesItselfWithoutThePrivateKey() {
        DeviceState state = DeviceState.fresh(java.net.URI.create("http://localhost:8080/realms/idnum"));
        assertFalse(state.toString().contains(state.key().getD().toString()));
    }
}
