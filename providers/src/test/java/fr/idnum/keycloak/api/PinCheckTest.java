package fr.idnum.keycloak.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.nimbusds.jwt.JWTClaimsSet;

import fr.idnum.keycloak.device.DeviceCredentialModel;
import fr.idnum.keycloak.device.DeviceStatus;
import fr.idnum.keycloak.device.TestPhones;
import fr.idnum.keycloak.enrollment.EnrollmentClient;
import fr.idnum.protocol.DeviceProblems;
import fr.idnum.protocol.DeviceRequests;
import fr.idnum.protocol.PinEnvelope;
import fr.idnum.protocol.PinRules;
import org.junit.jupiter.api.Test;

class PinCheckTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final String PURPOSE = PinEnvelope.PURPOSE_SIGN_IN_UNLOCK;

    private final TestPhones.Citizen citizen = TestPhones.citizen("user-1");
    private final List<String> notices = new ArrayList<>();
    private final List<String> opened = new ArrayList<>();
    /** Envelopes here are "purpose:code"; the real opening is RealmPinKeys' (and PinEnvelope's own tests). */
    private final PinCheck pins = new PinCheck((envelope, purpose, request, now) -> {
        opened.add(envelope);
        if (!envelope.startsWith(purpose + ":")) {
            throw new DeviceProblem(400, DeviceProblems.INVALID_PIN_ENVELOPE, "Invalid encrypted code", "made for another operation");
        }
        return envelope.substring(purpose.length() + 1);
    }, TestPhones.provider()::judgePin, (userId, notice, label) -> notices.add(userId + " " + notice + " " + label));

    private DeviceRequest request(DeviceCredentialModel phone) {
        return new DeviceRequest(citizen.user(), phone,
                new RequestClaims(new DeviceRequests.Verified(TestPhones.deviceKey(), new JWTClaimsSet.Builder().jwtID("j").build())), NOW);
    }

    private DeviceCredentialModel phone() {
        return TestPhones.phone("cred-1", TestPhones.deviceKey());
    }

    @Test
    void theRightCodeGivesThePhoneAsJudgedAndStored() {
        DeviceCredentialModel judged = pins.require(request(phone()), PURPOSE + ":" + TestPhones.PIN, PURPOSE);

        assertEquals(NOW.toEpochMilli(), judged.data().lastUsedAt());
        assertEquals(List.of(judged), citizen.stored());
        assertEquals(List.of(), notices);
    }

    @Test
    void aWrongCodeCountsAndTellsTheTriesLeftUnderItsOwnEvent() {
        DeviceProblem problem = assertThrows(DeviceProblem.class, () -> pins.require(request(phone()), PURPOSE + ":0000", PURPOSE));

        assertEquals(400, problem.status());
        assertEquals(DeviceProblems.WRONG_PIN, problem.type());
        assertEquals(2, problem.member(DeviceProblems.ATTEMPTS_LEFT));
        assertEquals(PinCheck.WRONG_PIN_EVENT_ERROR, problem.eventError());
        assertEquals(1, citizen.stored().size(), "the failure is stored (and committed: the refusal is answered, not propagated)");
        assertEquals(List.of(), notices);
    }

    @Test
    void theCodeThatLocksThePhoneEndsWhatWaitsAndTellsTheCitizen() {
        DeviceCredentialModel phone = phone();
        for (int i = 1; i < TestPhones.MAX_PIN_FAILURES; i++) {
            DeviceCredentialModel current = phone;
            assertThrows(DeviceProblem.class, () -> pins.require(request(current), PURPOSE + ":0000", PURPOSE));
            phone = DeviceCredentialModel.from(citizen.stored().get(citizen.stored().size() - 1));
        }
        List<String> ended = new ArrayList<>();
        DeviceCredentialModel last = phone;

        DeviceProblem problem = assertThrows(DeviceProblem.class,
                () -> pins.require(request(last), PURPOSE + ":0000", PURPOSE, () -> ended.add("challenge")));

        assertEquals(403, problem.status());
        assertEquals(DeviceProblems.DEVICE_LOCKED, problem.type());
        assertEquals(PinCheck.LOCKED_EVENT_ERROR, problem.eventError());
        assertEquals(List.of("challenge"), ended);
        assertEquals(List.of("user-1 " + EnrollmentClient.Notice.PHONE_LOCKED + " Téléphone de Marie"), notices);
        assertEquals(DeviceStatus.LOCKED, DeviceCredentialModel.from(citizen.stored().get(citizen.stored().size() - 1)).data().status());
    }

    @Test
    void anEnvelopeMadeForAnotherOperationCostsNoTry() {
        DeviceProblem problem = assertThrows(DeviceProblem.class,
                () -> pins.require(request(phone()), PinEnvelope.PURPOSE_CHALLENGE + ":" + TestPhones.PIN, PURPOSE));

        assertEquals(DeviceProblems.INVALID_PIN_ENVELOPE, problem.type());
        assertTrue(citizen.stored().isEmpty());
    }

    @Test
    void aNewCodeMustFollowTheRulesWithTheBirthDate() {
        DeviceProblem problem = assertThrows(DeviceProblem.class, () -> PinCheck.requireAcceptable("1204", "1990-04-12"));

        assertEquals(DeviceProblems.WEAK_PIN, problem.type());
        assertEquals(PinRules.Violation.BIRTH_DAY_AND_MONTH.wireName(), problem.member(DeviceProblems.VIOLATION));
        PinCheck.requireAcceptable("2580", "1990-04-12");
    }
}
