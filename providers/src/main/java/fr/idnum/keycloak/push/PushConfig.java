package fr.idnum.keycloak.push;

import java.time.Duration;
import java.util.Map;

import org.keycloak.models.AuthenticatorConfigModel;

/** Typed, null-safe view of the push step's execution config ({@link PushConfigProperties}). */
public final class PushConfig {

    static final String CHALLENGE_LIFETIME = "idnum.push.challenge-lifetime-seconds";
    static final String NUMBER_MATCHING = "idnum.push.number-matching";
    static final String MAX_WAITS = "idnum.push.max-waits-per-sign-in";
    static final String RESEND_INTERVAL = "idnum.push.resend-interval-seconds";
    static final String MAX_CHALLENGES = "idnum.push.max-challenges-per-quarter-hour";
    static final String MAX_CHALLENGES_PER_SOURCE = "idnum.push.max-challenges-per-source";

    static final int DEFAULT_CHALLENGE_LIFETIME = 120;
    static final int DEFAULT_MAX_WAITS = 3;
    static final int DEFAULT_RESEND_INTERVAL = 30;
    static final int DEFAULT_MAX_CHALLENGES = 10;
    static final int DEFAULT_MAX_CHALLENGES_PER_SOURCE = 100;

    private final Map<String, String> config;

    public PushConfig(AuthenticatorConfigModel model) {
        this.config = model == null || model.getConfig() == null ? Map.of() : model.getConfig();
    }

    /** How long the phone has to answer (default 2 minutes; between 10 s and 10 min). */
    public Duration challengeLifetime() {
        return Duration.ofSeconds(Math.max(10, Math.min(600, integer(CHALLENGE_LIFETIME, DEFAULT_CHALLENGE_LIFETIME))));
    }

    /** Whether the citizen must type on the phone the two-digit number the browser shows (default on). */
    public boolean numberMatching() {
        return !"false".equalsIgnoreCase(config.get(NUMBER_MATCHING));
    }

    /**
     * Requests of one sign-in that may wait for the phone's answer at once on one server (default 3: a page open in
     * a couple of tabs, a request whose answer was lost in a reconnect); more are refused with a 429.
     */
    public int maxWaitsPerSignIn() {
        return Math.max(1, Math.min(1000, integer(MAX_WAITS, DEFAULT_MAX_WAITS)));
    }

    /** Least time between two "resend the notification" (default 30 s). */
    public Duration resendInterval() {
        return Duration.ofSeconds(Math.max(5, integer(RESEND_INTERVAL, DEFAULT_RESEND_INTERVAL)));
    }

    /** Sign-in requests one citizen's phone may receive in any quarter of an hour (push fatigue; default 10). */
    public int maxChallengesPerQuarterHour() {
        return Math.max(1, Math.min(100, integer(MAX_CHALLENGES, DEFAULT_MAX_CHALLENGES)));
    }

    /**
     * Sign-in requests one source address may start in any quarter of an hour, all citizens together (default
     * 100): one party cannot use up many citizens' requests. High enough for addresses shared by many people
     * (carrier-grade NAT, offices); lower it only with the proxy's real client address configured.
     */
    public int maxChallengesPerSource() {
        return Math.max(1, Math.min(10_000, integer(MAX_CHALLENGES_PER_SOURCE, DEFAULT_MAX_CHALLENGES_PER_SOURCE)));
    }

    private int integer(String key, int fallback) {
        try {
            String value = config.get(key);
            return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
