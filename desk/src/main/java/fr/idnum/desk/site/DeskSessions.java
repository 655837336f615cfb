package fr.idnum.desk.site;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.nio.charset.StandardCharsets;

import fr.idnum.demorp.signin.PendingSignIn;
import fr.idnum.desk.signin.StaffMember;

/**
 * What the desk remembers of each browser, on the server, behind random cookies: the session (its CSRF token, the
 * staff member once signed in, the agent's last look-up with the code the citizen showed, the operator's last
 * search) and, apart, the sign-ins under way. The session cookie is {@code SameSite=Strict}; the sign-in's is
 * {@code Lax}, the only way it comes back on the realm's redirect from another site, and it carries nothing but
 * the key of that one pending sign-in. A successful sign-in gets a new session (no fixation). In memory: a restart
 * signs everyone out.
 */
final class DeskSessions {

    static final String SESSION_COOKIE = "desk_session";
    static final String SIGN_IN_COOKIE = "desk_signin";
    private static final Duration SIGN_IN_LIFETIME = Duration.ofMinutes(10);

    /** The agent's last look-up: the code shown and the enrollments it found, the only ones a finding may name. */
    record Lookup(String activationCode, Set<String> enrollmentIds) {
    }

    /** One browser's session; fields are replaced whole. */
    static final class Session {
        final String csrfToken;
        volatile StaffMember staff;
        volatile Lookup lookup;
        volatile Map<String, String> lastSearch;
        private volatile Instant expiresAt;

        private Session(String csrfToken, Instant expiresAt) {
            this.csrfToken = csrfToken;
            this.expiresAt = expiresAt;
        }

        /** Whether {@code submitted} is this session's CSRF token (compared in constant time). */
        boolean acceptsCsrf(String submitted) {
            return submitted != null && MessageDigest.isEqual(csrfToken.getBytes(StandardCharsets.US_ASCII),
                    submitted.getBytes(StandardCharsets.UTF_8));
        }
    }

    private record Pending(PendingSignIn signIn, Instant expiresAt) {
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Pending> signIns = new ConcurrentHashMap<>();
    private final Map<String, Instant> logoutStates = new ConcurrentHashMap<>();
    private final Clock clock;
    private final SecureRandom random;
    private final Duration idleTimeout;
    private final boolean secureCookies;

    DeskSessions(Clock clock, SecureRandom random, Duration idleTimeout, boolean secureCookies) {
        this.clock = clock;
        this.random = random;
        this.idleTimeout = idleTimeout;
        this.secureCookies = secureCookies;
    }

    /** The live session of this cookie value, its idle time restarted; a staff member whose token ran out is signed out. */
    Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session session = sessions.get(id);
        Instant now = clock.instant();
        if (session == null || now.isAfter(session.expiresAt)) {
            sessions.remove(id);
            return Optional.empty();
        }
        session.expiresAt = now.plus(idleTimeout);
        return Optional.of(session);
    }

    /** A new session and its cookie's value. */
    Map.Entry<String, Session> create() {
        Instant now = clock.instant();
        sessions.values().removeIf(session -> now.isAfter(session.expiresAt));
        String id = randomToken();
        Session session = new Session(randomToken(), now.plus(idleTimeout));
        sessions.put(id, session);
        return Map.entry(id, session);
    }

    void forget(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    /** Keeps a sign-in under way; the value is the sign-in cookie's. */
    String keep(PendingSignIn signIn) {
        Instant now = clock.instant();
        signIns.values().removeIf(pending -> now.isAfter(pending.expiresAt));
        String id = randomToken();
        signIns.put(id, new Pending(signIn, now.plus(SIGN_IN_LIFETIME)));
        return id;
    }

    /** The sign-in of this cookie value, taken out (a response is used once), or null. */
    PendingSignIn take(String id) {
        Pending pending = id == null ? null : signIns.remove(id);
        return pending == null || clock.instant().isAfter(pending.expiresAt) ? null : pending.signIn;
    }

    void expectLogout(String state) {
        Instant now = clock.instant();
        logoutStates.values().removeIf(now::isAfter);
        logoutStates.put(state, now.plus(SIGN_IN_LIFETIME));
    }

    /** Whether the realm's return with this {@code state} ends a logout this desk started (once). */
    boolean endsLogout(String state) {
        Instant until = state == null ? null : logoutStates.remove(state);
        return until != null && !clock.instant().isAfter(until);
    }

    String sessionCookie(String id) {
        return SESSION_COOKIE + "=" + id + "; Path=/; HttpOnly; SameSite=Strict" + (secureCookies ? "; Secure" : "");
    }

    String signInCookie(String id) {
        return SIGN_IN_COOKIE + "=" + id + "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" + SIGN_IN_LIFETIME.toSeconds()
                + (secureCookies ? "; Secure" : "");
    }

    static List<String> expired(String name) {
        return List.of(name + "=; Path=/; HttpOnly; Max-Age=0");
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
