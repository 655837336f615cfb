package fr.idnum.keycloak.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Optional;

import com.nimbusds.jwt.JWTClaimsSet;

import fr.idnum.keycloak.device.TestPhones;
import fr.idnum.protocol.ChallengeAnswers;
import fr.idnum.protocol.DeviceClaims;
import fr.idnum.protocol.DeviceProblems;
import fr.idnum.protocol.DeviceRequests;
import fr.idnum.protocol.Platform;
import fr.idnum.testsupport.CampaignTally;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class RequestClaimsTest {

    /** One case per claim refused (assertInvalid), for the campaign's totals (issue 14). */
    private static final CampaignTally TALLY = new CampaignTally();

    @AfterAll
    static void tally() {
        TALLY.write(RequestClaimsTest.class);
    }

    private static RequestClaims claims(Map<String, Object> values) {
        JWTClaimsSet.Builder set = new JWTClaimsSet.Builder();
        values.forEach(set::claim);
        return new RequestClaims(new DeviceRequests.Verified(TestPhones.deviceKey(), set.build()));
    }

    private static void assertInvalid(String detail, Executable read) {
        DeviceProblem problem = assertThrows(DeviceProblem.class, read);
        assertEquals(400, problem.status());
        assertEquals(DeviceProblems.INVALID_REQUEST, problem.type());
        assertEquals(detail, problem.getMessage());
        TALLY.cases(1);
    }

    @Test
    void refusesAMissingRequiredClaimByName() {
        assertInvalid("'pin' is required.", () -> claims(Map.of()).required(DeviceClaims.PIN));
    }

    @Test
    void refusesAClaimOfAnotherJsonType() {
        assertInvalid("claim 'pin' must be a string.", () -> claims(Map.of(DeviceClaims.PIN, 1234)).required(DeviceClaims.PIN));
        assertInvalid("claim 'push_token' must be a string.", () -> claims(Map.of(DeviceClaims.PUSH_TOKEN, true)).pushToken());
    }

    @Test
    void refusesBlankOrTooLongText() {
        assertInvalid("'nonce' is required.", () -> claims(Map.of(ChallengeAnswers.NONCE, "  ")).text(ChallengeAnswers.NONCE));
        String tooLong = "n".repeat(RequestClaims.MAX_TEXT_LENGTH + 1);
        assertInvalid("'nonce' is required.", () -> claims(Map.of(ChallengeAnswers.NONCE, tooLong)).text(ChallengeAnswers.NONCE));
        assertEquals("abc", claims(Map.of(ChallengeAnswers.NONCE, "abc")).text(ChallengeAnswers.NONCE));
    }

    @Test
    void refusesAMissingOrTooLongPushToken() {
        String expected = "'push_token' is required, at most " + DeviceClaims.MAX_PUSH_TOKEN_LENGTH + " characters.";
        assertInvalid(expected, () -> claims(Map.of()).pushToken());
        String tooLong = "t".repeat(DeviceClaims.MAX_PUSH_TOKEN_LENGTH + 1);
        assertInvalid(expected, () -> claims(Map.of(DeviceClaims.PUSH_TOKEN, tooLong)).pushToken());
        String longest = "t".repeat(DeviceClaims.MAX_PUSH_TOKEN_LENGTH);
        assertEquals(longest, claims(Map.of(DeviceClaims.PUSH_TOKEN, longest)).pushToken());
    }

    @Test
    void refusesAPushTokenTheEnrollmentServiceWouldNeverPushTo() {
        String expected = "'push_token' must be a push registration token (letters, digits, '_', ':', '-').";
        for (String token : new String[] {"<img src=x onerror=alert(1)>", "tok\r\nX-Injected: 1", "tok\u0000en",
                "tok en", "tok\u202eken", "töken"}) {
            assertInvalid(expected, () -> claims(Map.of(DeviceClaims.PUSH_TOKEN, token)).pushToken());
        }
        String fcm = "dGhpcy1pcy1hLXRlc3Q:APA91bHPRgkF3JUikC4ENAHEeMrd41Zxv3hVZjC9KtT8OvPVGJ-hQMRKRrZuJAEcl7B338qju59zJMjw2DELjzEvxwYv7hH5Ynpc1ODQ0aT4U4OFEeco8ohsN5PjL1iC2dNtk2BAokeMCg2ZXKqpc8FXKmhX94kIxQ";
        assertEquals(fcm, claims(Map.of(DeviceClaims.PUSH_TOKEN, fcm)).pushToken());
    }

    @Test
    void readsThePlatformOnlyFromItsWireNames() {
        assertEquals(Platform.IOS, claims(Map.of(DeviceClaims.PLATFORM, "ios")).platform());
        assertInvalid("'platform' must be android or ios.", () -> claims(Map.of(DeviceClaims.PLATFORM, "IOS")).platform());
        assertInvalid("'platform' must be android or ios.", () -> claims(Map.of()).platform());
    }

    @Test
    void anOptionalPlatformMayBeAbsentButNotUnknown() {
        assertEquals(Optional.empty(), claims(Map.of()).optionalPlatform());
        assertEquals(Optional.of(Platform.ANDROID), claims(Map.of(DeviceClaims.PLATFORM, "android")).optionalPlatform());
        assertInvalid("'platform' must be android or ios.", () -> claims(Map.of(DeviceClaims.PLATFORM, "symbian")).optionalPlatform());
    }

    @Test
    void aDeviceLabelIsPrintableBoundedAndStripped() {
        assertEquals("Téléphone de Marie", claims(Map.of(DeviceClaims.DEVICE_LABEL, " Téléphone de Marie ")).deviceLabel());
        String expected = "'device_label' is required, 1 to " + DeviceClaims.MAX_LABEL_LENGTH + " printable characters.";
        assertInvalid(expected, () -> claims(Map.of(DeviceClaims.DEVICE_LABEL, "Marie\nJean")).deviceLabel());
        String tooLong = "x".repeat(DeviceClaims.MAX_LABEL_LENGTH + 1);
        assertInvalid(expected, () -> claims(Map.of(DeviceClaims.DEVICE_LABEL, tooLong)).deviceLabel());
    }

    @Test
    void aDeviceLabelHasNoBidirectionalOverride() {
        String expected = "'device_label' is required, 1 to " + DeviceClaims.MAX_LABEL_LENGTH + " printable characters.";
        for (String label : new String[] {"Pixel \u202egnp.exe", "Pixel \u2066x\u2069", "Pixel\u2028Bcc"}) {
            assertInvalid(expected, () -> claims(Map.of(DeviceClaims.DEVICE_LABEL, label)).deviceLabel());
        }
        assertEquals("Téléphone de Zoé 🙂", claims(Map.of(DeviceClaims.DEVICE_LABEL, "Téléphone de Zoé 🙂")).deviceLabel());
    }

    @Test
    void anActivationCodeIsSixDigits() {
        assertEquals("123456", claims(Map.of(DeviceClaims.ACTIVATION_CODE, "123456")).activationCode());
        assertInvalid("'activation_code' must be 6 digits.", () -> claims(Map.of(DeviceClaims.ACTIVATION_CODE, "12345")).activationCode());
        assertInvalid("'activation_code' must be 6 digits.", () -> claims(Map.of(DeviceClaims.ACTIVATION_CODE, "12345a")).activationCode());
    }

    @Test
    void aNumberIsAWholeNumberAndAnythingElseIsTheClientsTypeError() {
        assertEquals(42, claims(Map.of(ChallengeAnswers.NUMBER, 42)).integer(ChallengeAnswers.NUMBER));
        assertEquals(42, claims(Map.of(ChallengeAnswers.NUMBER, 42L)).integer(ChallengeAnswers.NUMBER));
        assertNull(claims(Map.of()).integer(ChallengeAnswers.NUMBER));
        // Read loosely, "42" was a wrong number that ended the sign-in and 42.9 passed as 42.
        assertInvalid("'number' must be a whole number.", () -> claims(Map.of(ChallengeAnswers.NUMBER, "42")).integer(ChallengeAnswers.NUMBER));
        assertInvalid("'number' must be a whole number.", () -> claims(Map.of(ChallengeAnswers.NUMBER, 42.9)).integer(ChallengeAnswers.NUMBER));
        assertInvalid("'number' must be a whole number.",
                () -> claims(Map.of(ChallengeAnswers.NUMBER, 4_294_967_338L)).integer(ChallengeAnswers.NUMBER));
        assertNull(claims(Map.of()).string(DeviceClaims.PIN));
    }
}
