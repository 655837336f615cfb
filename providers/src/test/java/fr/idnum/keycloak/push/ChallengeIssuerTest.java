package fr.idnum.keycloak.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import fr.idnum.protocol.Challenges;
import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticatorConfigModel;

class ChallengeIssuerTest {

    private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");
    private static final ChallengeIssuer.SignIn SIGN_IN = new ChallengeIssuer.SignIn("user-1", "phone-1", "root-1", "tab-1",
            "Mon compte formation", new BrowserContext("Firefox", "Linux"));

    private final ChallengeIssuer issuer = new ChallengeIssuer(Clock.fixed(NOW, ZoneOffset.UTC), new SecureRandom());

    private static PushConfig config(Map<String, String> values) {
        AuthenticatorConfigModel model = new AuthenticatorConfigModel();
        model.setConfig(values);
        return new PushConfig(model);
    }

    private Challenge issue(Optional<Challenge> previous) {
        return issuer.issue(SIGN_IN, config(Map.of()), previous);
    }

    @Test
    void bindsTheChallengeToTheCitizenThePhoneAndTheBrowserTab() {
        Challenge challenge = issue(Optional.empty());
        assertEquals(ChallengeStatus.PENDING, challenge.status());
        assertEquals("user-1", challenge.userId());
        assertEquals("phone-1", challenge.credentialId());
        assertEquals("root-1", challenge.rootSessionId());
        assertEquals("tab-1", challenge.tabId());
        assertEquals("Mon compte formation", challenge.clientName());
        assertEquals("Firefox", challenge.browser());
        assertEquals("Linux", challenge.operatingSystem());
        assertTrue(challenge.numberMatching(), "number matching is on unless configured off");
    }

    @Test
    void numbersStayBetweenTenAndNinetyNine() {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            int number = issue(Optional.empty()).number();
            assertTrue(number >= Challenges.NUMBER_MIN && number <= Challenges.NUMBER_MAX, "number " + number);
            assertTrue(number >= 10 && number <= 99, "number " + number);
            seen.add(number);
        }
        assertEquals(90, seen.size(), "every two-digit number comes up");
    }

    @Test
    void idsAndNoncesAreUniqueAndUnguessablyLong() {
        Set<String> values = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            Challenge challenge = issue(Optional.empty());
            assertEquals(43, challenge.id().length(), "32 random bytes, base64url");
            assertEquals(22, challenge.nonce().length(), "16 random bytes, base64url");
            assertTrue(challenge.id().matches("[A-Za-z0-9_-]+") && challenge.nonce().matches("[A-Za-z0-9_-]+"));
            assertTrue(values.add(challenge.id()), "id repeated");
            assertTrue(values.add(challenge.nonce()), "nonce repeated");
        }
    }

    @Test
    void expiresOneLifetimeAfterTheInjectedClock() {
        Challenge standard = issue(Optional.empty());
        assertEquals(NOW, standard.requestedAt());
        assertEquals(NOW.plus(Duration.ofMinutes(2)), standard.expiresAt());

        Challenge configured = issuer.issue(SIGN_IN, config(Map.of(PushConfig.CHALLENGE_LIFETIME, "30",
                PushConfig.NUMBER_MATCHING, "false")), Optional.empty());
        assertEquals(NOW.plusSeconds(30), configured.expiresAt());
        assertFalse(configured.numberMatching());
    }

    @Test
    void replacesPreviousOnlyWhenThePhonesNewestChallengeIsStillPending() {
        Challenge pending = issue(Optional.empty());
        assertFalse(pending.replacesPrevious(), "no previous challenge");
        assertTrue(issue(Optional.of(pending)).replacesPrevious());

        Challenge answered = pending.with(ChallengeStatus.DENIED);
        assertFalse(issue(Optional.of(answered)).replacesPrevious(), "an answered challenge is not replaced");

        ChallengeIssuer later = new ChallengeIssuer(Clock.fixed(pending.expiresAt(), ZoneOffset.UTC), new SecureRandom());
        assertFalse(later.issue(SIGN_IN, config(Map.of()), Optional.of(pending)).replacesPrevious(),
                "a pending challenge past its expiry is not replaced");
        assertNotEquals(pending.id(), issue(Optional.of(pending)).id());
    }
}
