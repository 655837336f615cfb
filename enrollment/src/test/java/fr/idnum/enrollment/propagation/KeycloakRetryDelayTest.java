package fr.idnum.enrollment.propagation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class KeycloakRetryDelayTest {

    @Test
    void theDelayStartsAt15SecondsDoublesAndStopsAt15MinutesForEver() {
        Duration first = Duration.ofSeconds(15);
        Duration max = Duration.ofMinutes(15);
        assertEquals(Duration.ofSeconds(15), KeycloakOutboxEntry.backoff(1, first, max));
        assertEquals(Duration.ofSeconds(30), KeycloakOutboxEntry.backoff(2, first, max));
        assertEquals(Duration.ofSeconds(60), KeycloakOutboxEntry.backoff(3, first, max));
        assertEquals(Duration.ofSeconds(480), KeycloakOutboxEntry.backoff(6, first, max));
        assertEquals(Duration.ofMinutes(15), KeycloakOutboxEntry.backoff(7, first, max));
        assertEquals(Duration.ofMinutes(15), KeycloakOutboxEntry.backoff(1_000_000, first, max));
    }
}
