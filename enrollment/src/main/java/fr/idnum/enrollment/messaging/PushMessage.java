package fr.idnum.enrollment.messaging;

import java.time.Duration;
import java.util.Objects;

/**
 * A push for one sign-in challenge. It carries only the challenge id (the app fetches the challenge itself,
 * with a device-signed request), so nothing personal transits through Google or Apple.
 *
 * @param registrationToken the FCM registration token of the phone app
 * @param ttl               how long the push is worth delivering: the challenge's remaining lifetime
 */
public record PushMessage(String registrationToken, Platform platform, String challengeId, Duration ttl) {

    /** The phone's operating system, for the platform-specific delivery options. */
    public enum Platform {
        ANDROID, IOS
    }

    public PushMessage {
        Objects.requireNonNull(registrationToken, "registrationToken");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(challengeId, "challengeId");
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive");
        }
    }

    /** Without the token: records print themselves whole, and a token must not reach a log. */
    @Override
    public String toString() {
        return "PushMessage[platform=" + platform + ", challengeId=" + challengeId + ", ttl=" + ttl + "]";
    }
}
