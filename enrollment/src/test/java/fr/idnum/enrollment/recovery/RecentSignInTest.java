package fr.idnum.enrollment.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The age of the citizen's sign-in, from the token's auth_time, without a server. */
class RecentSignInTest {

    private static final Instant NOW = Instant.parse("2026-12-10T10:00:00Z");

    private final RecentSignIn recentSignIn = new RecentSignIn(new RecoveryConfig() {
        public Duration coolingOff() {
            return Duration.ofDays(3);
        }

        public Duration recentSignIn() {
            return Duration.ofMinutes(10);
        }
    }, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aPasswordTypedMinutesAgoIsRecentEnough() {
        recentSignIn.require(Optional.of(NOW.minus(Duration.ofMinutes(9))));
        recentSignIn.require(Optional.of(NOW.plusSeconds(30)));
    }

    @Test
    void anOldSignInAMissingOneOrOneFromTheFutureAsksForAStepUp() {
        for (Optional<Instant> authTime : java.util.List.of(Optional.of(NOW.minus(Duration.ofMinutes(11))), Optional.<Instant>empty(),
                Optional.of(NOW.plus(Duration.ofHours(1))))) {
            RecentSignInRequiredException e = assertThrows(RecentSignInRequiredException.class, () -> recentSignIn.require(authTime));
            assertEquals(401, e.status());
            assertEquals(600L, e.members().get("max_age"));
            assertEquals("Bearer error=\"insufficient_user_authentication\", error_description=\"A recent sign-in is required\", max_age=600",
                    e.headers().get("WWW-Authenticate"));
        }
    }

    @Test
    void readsAuthTimeAsTheOidcExtensionHandsItOver() {
        assertEquals(Optional.of(Instant.ofEpochSecond(1_700_000_000L)), RecentSignIn.authTime(1_700_000_000L));
        assertEquals(Optional.of(Instant.ofEpochSecond(1_700_000_000L)), RecentSignIn.authTime("1700000000"));
        assertEquals(Optional.of(Instant.ofEpochSecond(1_700_000_000L)),
                RecentSignIn.authTime(jakarta.json.Json.createValue(1_700_000_000L)));
        assertEquals(Optional.empty(), RecentSignIn.authTime(null));
        assertEquals(Optional.empty(), RecentSignIn.authTime("yesterday"));
    }
}
