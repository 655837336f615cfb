package fr.idnum.desk.site;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import fr.idnum.demorp.signin.Level;
import fr.idnum.demorp.signin.PendingSignIn;

class DeskSessionsTest {

    private final MutableClock clock = new MutableClock();
    private final DeskSessions sessions = new DeskSessions(clock, new SecureRandom(), Duration.ofMinutes(15), false);

    @Test
    void onlyTheSessionsOwnTokenPassesTheCsrfCheck() {
        var session = sessions.create().getValue();
        var other = sessions.create().getValue();
        assertTrue(session.acceptsCsrf(session.csrfToken));
        assertFalse(session.acceptsCsrf(null));
        assertFalse(session.acceptsCsrf(""));
        assertFalse(session.acceptsCsrf(other.csrfToken));
    }

    @Test
    void anIdleSessionEnds() {
        String id = sessions.create().getKey();
        clock.advance(Duration.ofMinutes(14));
        assertTrue(sessions.find(id).isPresent(), "a request restarts the idle time");
        clock.advance(Duration.ofMinutes(14));
        assertTrue(sessions.find(id).isPresent());
        clock.advance(Duration.ofMinutes(16));
        assertTrue(sessions.find(id).isEmpty());
    }

    @Test
    void aPendingSignInIsTakenOnce() {
        String id = sessions.keep(PendingSignIn.start(Level.EIDAS2, clock.instant().plusSeconds(600)));
        assertNotNull(sessions.take(id));
        assertNull(sessions.take(id), "a replayed response finds nothing");
    }

    @Test
    void aLogoutStateEndsOneLogoutOnly() {
        sessions.expectLogout("abc");
        assertFalse(sessions.endsLogout("other"));
        assertTrue(sessions.endsLogout("abc"));
        assertFalse(sessions.endsLogout("abc"));
    }

    @Test
    void theSessionCookieIsStrictAndHttpOnly() {
        String cookie = sessions.sessionCookie("x");
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
        assertTrue(new DeskSessions(clock, new SecureRandom(), Duration.ofMinutes(1), true).sessionCookie("x").endsWith("; Secure"));
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-12-02T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
