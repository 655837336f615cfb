package fr.idnum.enrollment.phone;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of the SMS code that proves the citizen holds their mobile number. */
@ConfigMapping(prefix = "idnum.phone-check")
public interface PhoneCheckConfig {

    /** How long a code can be used. */
    @WithDefault("PT10M")
    Duration codeLifetime();

    /** Wrong codes accepted before the code is dead (a new one must be sent). */
    @WithDefault("5")
    int maxAttempts();

    /** Minimum time between two sends. */
    @WithDefault("PT60S")
    Duration resendCooldown();

    /** Codes sent for one enrollment, first one included. */
    @WithDefault("5")
    int maxSends();
}
