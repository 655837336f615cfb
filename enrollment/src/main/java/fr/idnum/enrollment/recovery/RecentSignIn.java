package fr.idnum.enrollment.recovery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Whether the citizen typed their password recently enough for a sensitive change, from the access token's
 * {@code auth_time} (Keycloak's {@code basic} scope puts it in the app's access tokens; a refreshed token keeps the
 * time of the sign-in, not of the refresh). The level ({@code acr}) is not asked: after the identity check and before
 * an activation there is no phone, so {@code eidas2} cannot be reached; the password is what the citizen has.
 */
@ApplicationScoped
public class RecentSignIn {

    /** Clocks of Keycloak and of this service may differ a little; a sign-in further in the future is not believed. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private final RecoveryConfig config;
    private final Clock clock;

    RecentSignIn(RecoveryConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Throws {@link RecentSignInRequiredException} unless {@code authTime} is within the configured age. */
    public void require(Optional<Instant> authTime) {
        Instant now = clock.instant();
        boolean recent = authTime.filter(t -> !t.isBefore(now.minus(config.recentSignIn())))
                .filter(t -> !t.isAfter(now.plus(CLOCK_SKEW))).isPresent();
        if (!recent) {
            throw new RecentSignInRequiredException(config.recentSignIn().toSeconds());
        }
    }

    /** The {@code auth_time} claim (seconds since the epoch), as the OIDC extension hands it over. */
    public static Optional<Instant> authTime(Object claim) {
        if (claim instanceof Number n) {
            return Optional.of(Instant.ofEpochSecond(n.longValue()));
        }
        if (claim instanceof jakarta.json.JsonNumber n) {
            return Optional.of(Instant.ofEpochSecond(n.longValue()));
        }
        if (claim instanceof CharSequence text) {
            try {
                return Optional.of(Instant.ofEpochSecond(Long.parseLong(text.toString())));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
