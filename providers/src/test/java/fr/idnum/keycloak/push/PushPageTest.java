package fr.idnum.keycloak.push;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class PushPageTest {

    private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");

    @Test
    void countsDownFromTheGivenTime() {
        Challenge challenge = new Challenge("c1", "n1", "user-1", "phone-1", "root", "tab", "Service", "Firefox", "Linux", 42,
                true, false, NOW, NOW.plusSeconds(120), ChallengeStatus.PENDING);
        PushPage page = new PushPage(PushPage.State.WAITING, challenge, "", false, NOW.plusSeconds(20));
        assertEquals(100, page.getSecondsLeft());
        assertEquals("42", page.getNumber());
        assertEquals(0, new PushPage(PushPage.State.WAITING, challenge, "", false, NOW.plusSeconds(121)).getSecondsLeft());
        assertEquals("too-many-requests", PushPage.outcome(PushPage.State.TOO_MANY_REQUESTS).getState());
    }
}
