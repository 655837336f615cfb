package fr.idnum.enrollment.onetimecode;

import java.time.Duration;

/**
 * The five limits every one-time code of this service has (the SMS code, the activation code). Each code's own
 * {@code @ConfigMapping} extends it and gives its defaults, so its property names stay where they were.
 */
public interface OneTimeCodeLimits {

    /** How long a code can be used after it was issued. */
    Duration codeLifetime();

    /** Wrong codes accepted before the code is dead (a new one must be issued). */
    int maxAttempts();

    /** Minimum time between two codes sent for the same enrollment. */
    Duration resendCooldown();

    /** Codes sent for one enrollment, first one included: the ones their provider accepted. */
    int maxSends();

    /**
     * Sends the provider refused (down, or no answer in time) for one enrollment. They hold neither the cooldown nor
     * {@link #maxSends()}, so that an outage costs the citizen nothing; this bounds them on their own, since a
     * provider that timed out may have sent the message after all.
     */
    int maxFailedSends();
}
