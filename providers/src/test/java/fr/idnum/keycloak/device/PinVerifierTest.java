package fr.idnum.keycloak.device;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class PinVerifierTest {

    private static final byte[] KEY = filled(1);

    private final PinVerifier verifier = new PinVerifier("k1", KEY, new SecureRandom());

    @Test
    void acceptsTheCodeAndNothingElse() {
        DeviceSecretData secret = verifier.newVerifier("2580");
        assertTrue(verifier.matches(secret, "2580"));
        assertFalse(verifier.matches(secret, "2581"));
        assertFalse(verifier.matches(secret, ""));
        assertFalse(verifier.matches(secret, null));
    }

    @Test
    void storesNeitherTheCodeNorTheSameVerifierTwice() {
        DeviceSecretData first = verifier.newVerifier("2580");
        DeviceSecretData second = verifier.newVerifier("2580");
        assertNotEquals(first.salt(), second.salt());
        assertNotEquals(first.verifier(), second.verifier());
        assertFalse(first.toString().contains("2580"));
    }

    @Test
    void aVerifierIsWorthlessWithoutItsKey() {
        DeviceSecretData secret = verifier.newVerifier("2580");
        PinVerifier otherKey = new PinVerifier("k1", filled(2), new SecureRandom());
        assertFalse(otherKey.matches(secret, "2580"), "a dump plus a guessed key must not confirm the code");
    }

    @Test
    void failsClosedOnAVerifierMadeUnderAnotherKeyId() {
        DeviceSecretData secret = verifier.newVerifier("2580");
        PinVerifier rotated = new PinVerifier("k2", KEY, new SecureRandom());
        assertFalse(rotated.matches(secret, "2580"));
    }

    @Test
    void aRotationKeepsOldVerifiersWorkingAndMakesNewOnesUnderTheNewKey() {
        DeviceSecretData before = verifier.newVerifier("2580");
        PinVerifier rotated = new PinVerifier("k2", filled(2), java.util.Map.of("k1", KEY), new SecureRandom());

        assertTrue(rotated.matches(before, "2580"), "no phone locked by the rotation");
        assertFalse(rotated.matches(before, "2581"));
        assertTrue(rotated.outdated(before));
        DeviceSecretData after = rotated.newVerifier("2580");
        assertFalse(rotated.outdated(after));
        assertTrue(rotated.matches(after, "2580"));
        assertFalse(verifier.matches(after, "2580"), "made under the new key, not the old one");

        PinVerifier retired = new PinVerifier("k2", filled(2), new SecureRandom());
        assertFalse(retired.matches(before, "2580"), "once the old key is dropped its verifiers match nothing");
    }

    @Test
    void refusesAPreviousKeyUnderTheCurrentKeysId() {
        assertThrows(IllegalArgumentException.class,
                () -> new PinVerifier("k1", KEY, java.util.Map.of("k1", filled(2)), new SecureRandom()));
    }

    @Test
    void refusesShortKeys() {
        assertThrows(IllegalArgumentException.class, () -> new PinVerifier("k1", new byte[16], new SecureRandom()));
        assertThrows(IllegalArgumentException.class, () -> new PinVerifier(" ", KEY, new SecureRandom()));
    }

    private static byte[] filled(int value) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) value);
        return key;
    }
}
