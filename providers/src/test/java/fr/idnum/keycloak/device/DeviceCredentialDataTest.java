package fr.idnum.keycloak.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.keycloak.util.JsonSerialization;

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

    @Test
    void theTokenThePushServiceNoLongerKnowsIsMarkedOnceWithTheTime() {
        DeviceCredentialData marked = fresh.withPushTokenUnregistered("push", 7L).orElseThrow();
        assertTrue(marked.pushTokenUnregistered());
        assertEquals(7L, marked.pushTokenUnregisteredAt());
        assertEquals("push", marked.pushToken(), "the token stays: the mark says it is dead");
        assertEquals(Optional.empty(), marked.withPushTokenUnregistered("push", 9L), "already marked: nothing new");
    }

    @Test
    void aTokenReplacedSinceThePushIsNotMarked() {
        DeviceCredentialData renewed = fresh.withPushToken("new", "android");
        assertEquals(Optional.empty(), renewed.withPushTokenUnregistered("push", 7L));
        assertFalse(renewed.pushTokenUnregistered());
    }

    @Test
    void aNewTokenLiftsTheMarkAndCodesOrUseKeepIt() {
        DeviceCredentialData marked = fresh.withPushTokenUnregistered("push", 7L).orElseThrow();
        assertTrue(marked.pinRefused(3).pinAccepted(8L).usedAt(9L).pushTokenUnregistered());
        DeviceCredentialData renewed = marked.withPushToken("new", "ios");
        assertFalse(renewed.pushTokenUnregistered());
        assertEquals("new", renewed.pushToken());
        // The same token sent again is the phone's word that it holds it: pushes are tried again.
        assertFalse(marked.withPushToken("push", "android").pushTokenUnregistered());
    }

    @Test
    void aPhoneStoredBeforeTheMarkExistedReadsAsPushableAndTheMarkIsKept() throws IOException {
        DeviceCredentialData old = JsonSerialization.readValue("{\"publicKey\":\"{}\",\"pushToken\":\"push\",\"platform\":\"android\","
                + "\"status\":\"ACTIVE\",\"activatedAt\":1,\"pinFailures\":0}", DeviceCredentialData.class);
        assertEquals(fresh, old);
        assertFalse(JsonSerialization.writeValueAsString(fresh).contains("pushTokenUnregistered"), "nothing written while unmarked");
        DeviceCredentialData marked = fresh.withPushTokenUnregistered("push", 7L).orElseThrow();
        assertEquals(marked, JsonSerialization.readValue(JsonSerialization.writeValueAsString(marked), DeviceCredentialData.class));
    }
}
