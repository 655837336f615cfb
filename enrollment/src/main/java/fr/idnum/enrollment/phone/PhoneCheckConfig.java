package fr.idnum.enrollment.phone;

import java.time.Duration;

import fr.idnum.enrollment.onetimecode.OneTimeCodeLimits;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of the SMS code that proves the citizen holds their mobile number. */
@ConfigMapping(prefix = "idnum.phone-check")
public interface PhoneCheckConfig extends OneTimeCodeLimits {

    @Override
    @WithDefault("PT10M")
    Duration codeLifetime();

    @Override
    @WithDefault("5")
    int maxAttempts();

    @Override
    @WithDefault("PT60S")
    Duration resendCooldown();

    @Override
    @WithDefault("5")
    int maxSends();

    @Override
    @WithDefault("10")
    int maxFailedSends();
}
