package fr.idnum.keycloak.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import fr.idnum.keycloak.device.DeviceCredentialModel;
import fr.idnum.keycloak.device.TestPhones;
import fr.idnum.protocol.DeviceApi;
import fr.idnum.protocol.DeviceClaims;
import fr.idnum.protocol.DeviceProblems;
import fr.idnum.protocol.DeviceRequests;
import fr.idnum.testsupport.CampaignTally;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;

class DeviceRequestReaderTest {

    /** One case per device request refused (refusal), for the campaign's totals (issue 14). */
    private static final CampaignTally TALLY = new CampaignTally();

    @AfterAll
    static void tally() {
        TALLY.write(DeviceRequestReaderTest.class);
    }

    private static final URI ISSUER = URI.create("https://idp.example.fr/realms/idnum");
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final String CREDENTIAL_ID = "0b6c5c1e-4f3e-4a43-9a53-2f6d2f3c9a10";

    /** Keycloak's single-use store as far as the replay guard uses it. */
    private static final class SingleUse implements SingleUseObjectProvider {
        final Set<String> keys = new HashSet<>();

        @Override
        public boolean putIfAbsent(String key, long lifespanSeconds) {
            return keys.add(key);
        }

        @Override
        public void put(String key, long lifespanSeconds, Map<String, String> notes) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, String> get(String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, String> remove(String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean replace(String key, Map<String, String> notes) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean contains(String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }

    /** The database's record of used ids, as far as the replay guard uses it: scope and jti to when they expire. */
    private static final class Ledger implements ReplayGuard.Ledger {
        final Map<String, Instant> rows = new HashMap<>();

        @Override
        public boolean record(String scope, String jti, Instant expiresAt) {
            return rows.putIfAbsent(scope + " " + jti, expiresAt) == null;
        }
    }

    /** The credential store: one phone, a copy of it to hand out locked, and who asked for a lock. */
    private static final class Phones implements DeviceRequestReader.Phones {
        final Map<String, DeviceLookup.Device> devices = new HashMap<>();
        final Map<String, DeviceCredentialModel> locked = new HashMap<>();
        final List<String> locks = new ArrayList<>();

        @Override
        public Optional<DeviceLookup.Device> find(String credentialId) {
            return Optional.ofNullable(devices.get(credentialId));
        }

        @Override
        public Optional<DeviceCredentialModel> lockedCopy(UserModel user, String credentialId) {
            locks.add(credentialId);
            return Optional.ofNullable(locked.get(credentialId));
        }
    }

    /** What the request's event would have learnt. */
    private static final class Trail implements DeviceRequestReader.Trail {
        String device;
        UserModel citizen;

        @Override
        public void device(String credentialId) {
            device = credentialId;
        }

        @Override
        public void citizen(UserModel user) {
            citizen = user;
        }
    }

    private final ECKey key = TestPhones.deviceKey();
    private final TestPhones.Citizen citizen = TestPhones.citizen("user-1");
    private final DeviceCredentialModel phone = TestPhones.phone(CREDENTIAL_ID, key);
    private final DeviceCredentialModel lockedPhone = TestPhones.phone(CREDENTIAL_ID, key);
    private final Phones phones = new Phones();
    private final Trail trail = new Trail();
    private final Ledger database = new Ledger();
    private final DeviceRequestReader reader = new DeviceRequestReader(phones, new ReplayGuard(new SingleUse(), database), ISSUER,
            Clock.fixed(NOW, ZoneOffset.UTC));

    {
        phones.devices.put(CREDENTIAL_ID, new DeviceLookup.Device(citizen.user(), phone));
        phones.locked.put(CREDENTIAL_ID, lockedPhone);
    }

    private String signed(String path, Map<String, Object> claims) {
        return DeviceRequests.sign(key, CREDENTIAL_ID, DeviceApi.endpoint(ISSUER, path), claims, NOW);
    }

    private DeviceProblem refusal(int status, String type, Executable read) {
        DeviceProblem problem = assertThrows(DeviceProblem.class, read);
        assertEquals(status, problem.status(), problem.getMessage());
        assertEquals(type, problem.type(), problem.getMessage());
        TALLY.cases(1);
        return problem;
    }

    @Test
    void handsOverTheRequestWithThePhoneAsLockedAndItsClaims() {
        DeviceRequest request = reader.read(signed(DeviceApi.PUSH_TOKEN, Map.of(DeviceClaims.PUSH_TOKEN, "fcm-1")),
                DeviceApi.PUSH_TOKEN, trail);

        assertSame(citizen.user(), request.user());
        assertSame(lockedPhone, request.credential(), "later checks and writes start from the locked copy");
        assertEquals("fcm-1", request.claims().pushToken());
        assertEquals(NOW, request.now());
        assertEquals(CREDENTIAL_ID, trail.device);
        assertSame(citizen.user(), trail.citizen);
    }

    @Test
    void refusesABodyThatIsNotAJws() {
        refusal(400, DeviceProblems.INVALID_REQUEST, () -> reader.read("not-a-jws", DeviceApi.PUSH_TOKEN, trail));
        assertNull(trail.device);
    }

    @Test
    void refusesAJwsOfAnotherType() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).keyID(CREDENTIAL_ID).build(),
                new JWTClaimsSet.Builder().issuer(CREDENTIAL_ID).audience(DeviceApi.endpoint(ISSUER, DeviceApi.PUSH_TOKEN).toString())
                        .issueTime(java.util.Date.from(NOW)).expirationTime(java.util.Date.from(NOW.plusSeconds(30))).jwtID("j-1").build());
        jwt.sign(new ECDSASigner(key));

        DeviceProblem problem = refusal(401, DeviceProblems.INVALID_DEVICE_REQUEST,
                () -> reader.read(jwt.serialize(), DeviceApi.PUSH_TOKEN, trail));
        assertEquals("the JWS 'typ' must be " + DeviceClaims.REQUEST_TYPE + ".", problem.getMessage());
    }

    @Test
    void refusesAnUnknownDeviceAndNamesItInTheEvent() {
        phones.devices.clear();

        refusal(401, DeviceProblems.INVALID_DEVICE_REQUEST, () -> reader.read(signed(DeviceApi.PUSH_TOKEN, Map.of()),
                DeviceApi.PUSH_TOKEN, trail));
        assertEquals(CREDENTIAL_ID, trail.device);
        assertNull(trail.citizen);
    }

    @Test
    void refusesASignatureByAnotherKeyWithoutLockingThePhone() {
        String forged = DeviceRequests.sign(TestPhones.deviceKey(), CREDENTIAL_ID, DeviceApi.endpoint(ISSUER, DeviceApi.PUSH_TOKEN),
                Map.of(), NOW);

        DeviceProblem problem = refusal(401, DeviceProblems.INVALID_DEVICE_REQUEST, () -> reader.read(forged, DeviceApi.PUSH_TOKEN, trail));
        assertEquals(List.of(), phones.locks, "only a request the phone signed may take its row lock");
        phones.devices.clear();
        DeviceProblem unknown = refusal(401, DeviceProblems.INVALID_DEVICE_REQUEST, () -> reader.read(forged, DeviceApi.PUSH_TOKEN, trail));
        assertEquals(unknown.getMessage(), problem.getMessage(), "the same answer as for a phone that does not exist");
        assertEquals(unknown.toResponse().getEntity(), problem.toResponse().getEntity());
    }

    @Test
    void refusesARequestSignedForAnotherEndpoint() {
        refusal(401, DeviceProblems.INVALID_DEVICE_REQUEST, () -> reader.read(signed(DeviceApi.DEACTIVATION, Map.of()),
                DeviceApi.PUSH_TOKEN, trail));
    }

    @Test
    void refusesAReplayedRequest() {
        String jws = signed(DeviceApi.SIGN_IN_UNLOCK, Map.of());
        reader.read(jws, DeviceApi.SIGN_IN_UNLOCK, trail);

        refusal(400, DeviceProblems.REPLAYED_REQUEST, () -> reader.read(jws, DeviceApi.SIGN_IN_UNLOCK, trail));
        assertEquals(1, phones.locks.size(), "the replay is refused before the lock");
    }

    @Test
    void recordsTheIdOfARequestThatChangesSomethingInTheDatabaseUntilItCouldNoLongerBeAccepted() {
        String jws = signed(DeviceApi.PIN_CHANGE, Map.of());
        DeviceRequest request = reader.read(jws, DeviceApi.PIN_CHANGE, trail);

        Instant lastAccepted = request.claims().verified().expiresAt().plusSeconds(DeviceApi.CLOCK_SKEW_SECONDS);
        assertEquals(Map.of(CREDENTIAL_ID + " " + request.claims().verified().jti(), lastAccepted), database.rows);
    }

    @Test
    void refusesARequestThatChangesSomethingReplayedAfterEveryNodeForgotIt() {
        String jws = signed(DeviceApi.PUSH_TOKEN, Map.of(DeviceClaims.PUSH_TOKEN, "fcm-1"));
        reader.read(jws, DeviceApi.PUSH_TOKEN, trail);
        // The whole cluster restarted: an empty single-use store, the same database.
        DeviceRequestReader afterRestart = new DeviceRequestReader(phones, new ReplayGuard(new SingleUse(), database), ISSUER,
                Clock.fixed(NOW.plusSeconds(50), ZoneOffset.UTC));

        DeviceProblem replayed = refusal(400, DeviceProblems.REPLAYED_REQUEST, () -> afterRestart.read(jws, DeviceApi.PUSH_TOKEN, trail));
        assertEquals("This request was already received; sign a new one.", replayed.getMessage(), "the same answer as a replay the memory knows");
        assertEquals(1, phones.locks.size(), "the replay is refused before the phone's lock");
    }

    @Test
    void keepsTheIdOfAPendingChallengeFetchInTheClustersMemoryOnly() {
        String jws = signed(DeviceApi.PENDING_CHALLENGE, Map.of());
        reader.read(jws, DeviceApi.PENDING_CHALLENGE, trail);

        assertEquals(Map.of(), database.rows, "a read-only request writes nothing to the database");
        refusal(400, DeviceProblems.REPLAYED_REQUEST, () -> reader.read(jws, DeviceApi.PENDING_CHALLENGE, trail));
    }

    @Test
    void aReplayTheMemoryKnowsNeverReachesTheDatabase() {
        String jws = signed(DeviceApi.SIGN_IN_UNLOCK, Map.of());
        reader.read(jws, DeviceApi.SIGN_IN_UNLOCK, trail);
        database.rows.clear();

        refusal(400, DeviceProblems.REPLAYED_REQUEST, () -> reader.read(jws, DeviceApi.SIGN_IN_UNLOCK, trail));
        assertEquals(Map.of(), database.rows, "refused by the single-use store first, the fast check");
    }

    @Test
    void refusesAPhoneRemovedWhileTheRequestWasOnItsWay() {
        phones.locked.clear();

        refusal(401, DeviceProblems.INVALID_DEVICE_REQUEST, () -> reader.read(signed(DeviceApi.PUSH_TOKEN, Map.of()),
                DeviceApi.PUSH_TOKEN, trail));
    }

    @Test
    void refusesARequestExpiredByTheClocksTime() {
        Instant later = NOW.plusSeconds(DeviceApi.MAX_REQUEST_LIFETIME_SECONDS + DeviceApi.CLOCK_SKEW_SECONDS + 1);
        DeviceRequestReader tomorrow = new DeviceRequestReader(phones, new ReplayGuard(new SingleUse(), database), ISSUER,
                Clock.fixed(later, ZoneOffset.UTC));

        refusal(401, DeviceProblems.INVALID_DEVICE_REQUEST, () -> tomorrow.read(signed(DeviceApi.PUSH_TOKEN, Map.of()),
                DeviceApi.PUSH_TOKEN, trail));
        assertFalse(phones.locks.contains(CREDENTIAL_ID));
    }
}
