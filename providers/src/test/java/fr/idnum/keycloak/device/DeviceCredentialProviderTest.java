package fr.idnum.keycloak.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DeviceCredentialProviderTest {

    private final DeviceCredentialProvider provider = TestPhones.provider();
    private final TestPhones.Citizen citizen = TestPhones.citizen("user-1");

    @Test
    void wrongCodesCountAndTheLimitLocksThePhone() {
        DeviceCredentialModel phone = TestPhones.phone("cred-1", TestPhones.deviceKey());

        DeviceCredentialProvider.PinOutcome first = provider.judgePin(citizen.user(), phone, "0000", 5_000L);
        assertFalse(first.accepted());
        assertEquals(2, first.attemptsLeft());
        assertFalse(first.locked());

        DeviceCredentialProvider.PinOutcome second = provider.judgePin(citizen.user(), first.device(), "0000", 6_000L);
        assertEquals(1, second.attemptsLeft());
        DeviceCredentialProvider.PinOutcome third = provider.judgePin(citizen.user(), second.device(), "0000", 7_000L);
        assertTrue(third.locked());
        assertEquals(0, third.attemptsLeft());
        assertEquals(DeviceStatus.LOCKED, third.device().data().status());
        assertEquals(3, citizen.stored().size(), "each judgement is stored");
    }

    @Test
    void aLockedPhoneRefusesEvenTheRightCode() {
        DeviceCredentialModel phone = TestPhones.phone("cred-1", TestPhones.deviceKey());
        for (int i = 0; i < TestPhones.MAX_PIN_FAILURES; i++) {
            phone = provider.judgePin(citizen.user(), phone, "0000", 5_000L).device();
        }

        DeviceCredentialProvider.PinOutcome right = provider.judgePin(citizen.user(), phone, TestPhones.PIN, 6_000L);
        assertFalse(right.accepted());
        assertTrue(right.locked());
    }

    @Test
    void theRightCodeStartsTheCountAgainAndDatesTheUse() {
        DeviceCredentialModel phone = TestPhones.phone("cred-1", TestPhones.deviceKey());
        phone = provider.judgePin(citizen.user(), phone, "0000", 5_000L).device();

        DeviceCredentialProvider.PinOutcome right = provider.judgePin(citizen.user(), phone, TestPhones.PIN, 6_000L);
        assertTrue(right.accepted());
        assertEquals(0, right.device().data().pinFailures());
        assertEquals(6_000L, right.device().data().lastUsedAt());
        assertNotNull(right.device().getSecretData());
    }

    @Test
    void aDeadTokenIsMarkedOnTheLockedCopyKeepingItsFailures() {
        DeviceCredentialModel phone = provider.judgePin(citizen.user(), TestPhones.phone("cred-1", TestPhones.deviceKey()),
                "0000", 5_000L).device();
        citizen.stored().clear();

        DeviceCredentialModel marked = provider.markPushTokenUnregistered(citizen.user(), phone, "push-token", 6_000L).orElseThrow();
        assertEquals(6_000L, marked.data().pushTokenUnregisteredAt());
        assertEquals(1, marked.data().pinFailures(), "the failure counted just before is not undone");
        assertEquals(1, citizen.stored().size());
        assertEquals(marked.getCredentialData(), citizen.stored().get(0).getCredentialData());
        assertEquals(phone.getSecretData(), citizen.stored().get(0).getSecretData());

        assertTrue(provider.markPushTokenUnregistered(citizen.user(), marked, "push-token", 7_000L).isEmpty());
        assertTrue(provider.markPushTokenUnregistered(citizen.user(), phone, "another-token", 7_000L).isEmpty());
        assertEquals(1, citizen.stored().size(), "nothing more stored");
    }
}
