package fr.idnum.keycloak.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import fr.idnum.keycloak.device.DeviceCredentialData;
import fr.idnum.keycloak.device.DeviceCredentialModel;
import fr.idnum.keycloak.device.DeviceSecretData;
import fr.idnum.keycloak.device.DeviceStatus;
import fr.idnum.protocol.enrollment.EnrollmentStatus;
import org.junit.jupiter.api.Test;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.Errors;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.SubjectCredentialManager;
import org.keycloak.models.UserModel;

class SignInGateTest {

    private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");

    private final Map<String, String> attributes = new HashMap<>();
    private final List<CredentialModel> credentials = new ArrayList<>();
    private final Map<String, Boolean> taken = new HashMap<>();
    private final Map<String, Map<String, String>> notes = new HashMap<>();
    @SuppressWarnings("unchecked")
    private final SignInGate gate = new SignInGate(new RequestLimits(Fakes.of(SingleUseObjectProvider.class, Map.of(
            "contains", args -> taken.containsKey((String) args[0]),
            "putIfAbsent", args -> taken.putIfAbsent((String) args[0], true) == null,
            "get", args -> notes.get((String) args[0]),
            "put", args -> notes.put((String) args[0], (Map<String, String>) args[2])))));
    private final UserModel citizen = Fakes.of(UserModel.class, Map.of(
            "getId", args -> "user-1",
            "getFirstAttribute", args -> attributes.get((String) args[0]),
            "credentialManager", args -> Fakes.of(SubjectCredentialManager.class, Map.of(
                    "getStoredCredentialsByTypeStream", type -> credentials.stream().filter(c -> c.getType().equals(type[0]))))));

    private static CredentialModel phone(String id, DeviceStatus status) {
        CredentialModel phone = DeviceCredentialModel.create("Pixel",
                new DeviceCredentialData("{}", "push-token", "android", status, NOW.toEpochMilli(), null, 0),
                new DeviceSecretData("k1", "salt", "verifier"));
        phone.setId(id);
        return phone;
    }

    private static Challenge challenge(ChallengeStatus status) {
        return new Challenge("c1", "n1", "user-1", "phone-1", "root", "tab", "Service", "Firefox", "Linux", 42, true, false,
                NOW, NOW.plusSeconds(120), status);
    }

    private static PushConfig limits(int perSource, int perCitizen) {
        AuthenticatorConfigModel model = new AuthenticatorConfigModel();
        model.setConfig(Map.of(PushConfig.MAX_CHALLENGES_PER_SOURCE, Integer.toString(perSource),
                PushConfig.MAX_CHALLENGES, Integer.toString(perCitizen)));
        return new PushConfig(model);
    }

    private static SignInGate.Refused refused(SignInGate.Outcome outcome, SignInGate.Refusal refusal) {
        SignInGate.Refused refused = assertInstanceOf(SignInGate.Refused.class, outcome);
        assertEquals(refusal, refused.refusal());
        return refused;
    }

    @Test
    void opensForAnActivePhoneOfACitizenInGoodStanding() {
        credentials.add(phone("phone-0", DeviceStatus.LOCKED));
        credentials.add(phone("phone-1", DeviceStatus.ACTIVE));
        attributes.put(EnrollmentStatus.ATTRIBUTE, EnrollmentStatus.ACTIVE.name());
        SignInGate.Open open = assertInstanceOf(SignInGate.Open.class, gate.atStart(citizen));
        assertEquals("phone-1", open.device().getId());
        assertInstanceOf(SignInGate.Open.class, gate.atAction(citizen, challenge(ChallengeStatus.PENDING)));
    }

    @Test
    void refusesAnUnknownIdentifierAsUserNotFoundWithTheNoPhonePage() {
        SignInGate.Refused refused = refused(gate.atStart(null), SignInGate.Refusal.NO_ACCOUNT);
        assertEquals(Errors.USER_NOT_FOUND, refused.refusal().eventError());
        assertNull(refused.refusal().page());
        refused(gate.atAction(null, null), SignInGate.Refusal.NO_DEVICE);
    }

    @Test
    void refusesACitizenWithoutAnActivePhoneWhateverTheirLockOrStatus() {
        credentials.add(phone("phone-0", DeviceStatus.LOCKED));
        attributes.put(SignInLock.ATTRIBUTE, "fraud-reported 2026-11-30T10:00:00Z");
        attributes.put(EnrollmentStatus.ATTRIBUTE, "SUSPENDED");
        SignInGate.Refused refused = refused(gate.atStart(citizen), SignInGate.Refusal.NO_DEVICE);
        assertEquals(PushEvents.NO_DEVICE_EVENT_ERROR, refused.refusal().eventError());
        assertNull(refused.reason(), "nothing tells an account without a phone from no account");
        assertNull(refused.refusal().page());
    }

    @Test
    void saysThePhoneLockedOnThisVeryChallengeRatherThanNoPhone() {
        credentials.add(phone("phone-1", DeviceStatus.LOCKED));
        SignInGate.Refused refused = refused(gate.atAction(citizen, challenge(ChallengeStatus.LOCKED)), SignInGate.Refusal.DEVICE_LOCKED);
        assertEquals(PushEvents.LOCKED_EVENT_ERROR, refused.refusal().eventError());
        assertEquals(PushPage.State.LOCKED, refused.refusal().page());
    }

    @Test
    void refusesWhileTheCitizensOwnSignInLockHolds() {
        credentials.add(phone("phone-1", DeviceStatus.ACTIVE));
        attributes.put(SignInLock.ATTRIBUTE, "fraud-reported 2026-11-30T10:00:00Z");
        for (SignInGate.Outcome outcome : List.of(gate.atStart(citizen), gate.atAction(citizen, challenge(ChallengeStatus.PENDING)))) {
            SignInGate.Refused refused = refused(outcome, SignInGate.Refusal.SIGN_IN_LOCKED);
            assertEquals(PushEvents.SIGN_IN_LOCKED_EVENT_ERROR, refused.refusal().eventError());
            assertEquals(PushPage.State.SIGN_IN_LOCKED, refused.refusal().page());
            assertEquals("fraud-reported 2026-11-30T10:00:00Z", refused.reason());
        }
    }

    @Test
    void refusesWhileTheEnrollmentIsNotInForce() {
        credentials.add(phone("phone-1", DeviceStatus.ACTIVE));
        attributes.put(EnrollmentStatus.ATTRIBUTE, "SUSPENDED");
        for (SignInGate.Outcome outcome : List.of(gate.atStart(citizen), gate.atAction(citizen, null))) {
            SignInGate.Refused refused = refused(outcome, SignInGate.Refusal.SUSPENDED);
            assertEquals(PushEvents.SUSPENDED_EVENT_ERROR, refused.refusal().eventError());
            assertEquals(PushPage.State.SUSPENDED, refused.refusal().page());
            assertEquals("SUSPENDED", refused.reason());
        }
    }

    @Test
    void refusesTheRequestOverTheCitizensLimit() {
        assertTrue(gate.takeRequest("192.0.2.1", citizen, limits(100, 2)).isEmpty());
        assertTrue(gate.takeRequest("192.0.2.2", citizen, limits(100, 2)).isEmpty());
        Optional<SignInGate.Refused> third = gate.takeRequest("192.0.2.3", citizen, limits(100, 2));
        assertEquals(SignInGate.Refusal.TOO_MANY_REQUESTS, third.orElseThrow().refusal());
        assertEquals(PushEvents.RATE_LIMITED_EVENT_ERROR, third.get().refusal().eventError());
        assertEquals(PushPage.State.TOO_MANY_REQUESTS, third.get().refusal().page());
        assertEquals("request limit per citizen", third.get().reason());
    }

    @Test
    void refusesTheRequestOverTheSourcesLimitWithoutUsingUpTheCitizens() {
        assertTrue(gate.takeRequest("192.0.2.1", citizen, limits(1, 1)).isEmpty());
        UserModel other = Fakes.of(UserModel.class, Map.of("getId", args -> "user-2"));
        Optional<SignInGate.Refused> refused = gate.takeRequest("192.0.2.1", other, limits(1, 1));
        assertEquals("request limit per source", refused.orElseThrow().reason());
        assertTrue(gate.takeRequest("192.0.2.9", other, limits(1, 1)).isEmpty(), "user-2's own request is still there");
    }
}
