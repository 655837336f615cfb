package fr.idnum.enrollment.onetimecode;

import java.time.Duration;

/**
 * The four limits every one-time code of this service has (the SMS code, the activation code). Each code's own
 * {@code @ConfigMapping} extends it and gives its defaults, so its property names stay where they were.
 */
public interface OneTimeCodeLimits {

    /** How long a code can be used after it was issued. */
    Duration codeLifetime();

    /** Wrong codes accepted before the code is dead (a new one must be issued). */
    int maxAttempts();

    /** Minimum time between two codes sent for the same enrollment. */
    Duration resendCooldown();

    /** Codes issued for one enrollment, first one included. */
    int maxSends();
}
