package fr.idnum.keycloak.device;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DeviceCredentialDataTest {

    private final DeviceCredentialData fresh = new DeviceCredentialData("{}", "push", "android", DeviceStatus.ACTIVE, 1L, null, 0);

    @Test
    void locksAtTheLimitOfConsecutiveWrongCodes() {
        DeviceCredentialData twice = fresh.pinRefused(3).pinRefused(3);
        assertEquals(DeviceStatus.ACTIVE, twice.status());
        assertEquals(2, twice.pinFailures());
        DeviceCredentialData thrice = twice.pinRefused(3);
        assertEquals(DeviceStatus.LOCKED, thrice.status());
    }

    @Test
    void aRightCodeStartsTheCountAgain() {
        DeviceCredentialData reset = fresh.pinRefused(3).pinRefused(3).pinAccepted(42L);
        assertEquals(0, reset.pinFailures());
        assertEquals(42L, reset.lastUsedAt());
        assertEquals(DeviceStatus.ACTIVE, reset.status());
    }

    @Test
    void aLockedPhoneStaysLockedWhateverComesNext() {
        DeviceCredentialData locked = fresh.pinRefused(1);
        assertEquals(DeviceStatus.LOCKED, locked.withPushToken("other", "ios").usedAt(5L).status());
    }
}
