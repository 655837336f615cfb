package fr.idnum.keycloak.push;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class ChallengeTest {

    private static final Instant REQUESTED = Instant.parse("2026-12-01T09:00:00Z");
    private static final Instant EXPIRES = REQUESTED.plus(Duration.ofMinutes(2));

    private static Challenge challenge(ChallengeStatus status) {
        return new Challenge("id", "nonce", "user", "credential", "root", "tab", "Service", "Firefox", "Linux", 42, true,
                false, REQUESTED, EXPIRES, status);
    }

    @Test
    void aPendingChallengeStaysPendingUntilItsExpiry() {
        assertEquals(ChallengeStatus.PENDING, challenge(ChallengeStatus.PENDING).statusAt(REQUESTED));
        assertEquals(ChallengeStatus.PENDING, challenge(ChallengeStatus.PENDING).statusAt(EXPIRES.minusMillis(1)));
    }

    @Test
    void aPendingChallengeReadsAsExpiredFromItsExpiryOn() {
        assertEquals(ChallengeStatus.EXPIRED, challenge(ChallengeStatus.PENDING).statusAt(EXPIRES));
        assertEquals(ChallengeStatus.EXPIRED, challenge(ChallengeStatus.PENDING).statusAt(EXPIRES.plusSeconds(60)));
    }

    @Test
    void aFinalAnswerIsKeptPastTheExpiry() {
        for (ChallengeStatus status : ChallengeStatus.values()) {
            if (status != ChallengeStatus.PENDING) {
                assertEquals(status, challenge(status).statusAt(EXPIRES.plusSeconds(60)), status.name());
            }
        }
    }

    @Test
    void survivesTheStoreUnchanged() {
        Challenge challenge = challenge(ChallengeStatus.PENDING);
        assertEquals(challenge, Challenge.fromMap(challenge.toMap()));
    }
}
