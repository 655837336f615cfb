package fr.idnum.demorp.site;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.oauth2.sdk.id.State;

import fr.idnum.demorp.signin.PendingSignIn;
import fr.idnum.demorp.signin.SignedIn;

/**
 * What the service remembers of each browser, behind a random cookie: the sign-in it started (so that the
 * answer is bound to the browser that asked), the citizen once signed in, and the state of a logout under way.
 * In memory: a demo service keeps nothing across restarts.
 */
final class BrowserSessions {

    static final String COOKIE = "mcf_session";
    /** Beyond the realm's SSO session maximum idle time, a demo session is not worth keeping. */
    private static final Duration LIFETIME = Duration.ofMinutes(30);

    /** One browser's state; fields are replaced whole, never shared between browsers. */
    static final class BrowserSession {
        volatile PendingSignIn pending;
        volatile SignedIn signedIn;
        volatile State logoutState;
        private final Instant expiresAt;

        private BrowserSession(Instant expiresAt) {
            this.expiresAt = expiresAt;
        }
    }

    private final Map<String, BrowserSession> sessions = new ConcurrentHashMap<>();
    private final Clock clock;
    private final SecureRandom random;

    BrowserSessions(Clock clock, SecureRandom random) {
        this.clock = clock;
        this.random = random;
    }

    Optional<BrowserSession> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        BrowserSession session = sessions.get(id);
        if (session == null || clock.instant().isAfter(session.expiresAt)) {
            sessions.remove(id);
            return Optional.empty();
        }
        return Optional.of(session);
    }

    /** A new session and its cookie's value. */
    Map.Entry<String, BrowserSession> create() {
        Instant now = clock.instant();
        sessions.values().removeIf(session -> now.isAfter(session.expiresAt));
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        BrowserSession session = new BrowserSession(now.plus(LIFETIME));
        sessions.put(id, session);
        return Map.entry(id, session);
    }

    void forget(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    static String cookieHeader(String id) {
        return COOKIE + "=" + id + "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" + LIFETIME.toSeconds();
    }
}
