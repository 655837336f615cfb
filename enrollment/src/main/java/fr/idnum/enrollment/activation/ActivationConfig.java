package fr.idnum.enrollment.activation;

import java.time.Duration;

import fr.idnum.enrollment.onetimecode.OneTimeCodeLimits;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of the activation code. */
@ConfigMapping(prefix = "idnum.activation")
public interface ActivationConfig extends OneTimeCodeLimits {

    /** From issue to last use: long enough for a postman's visit or a post-office trip, then the activation. */
    @Override
    @WithDefault("P30D")
    Duration codeLifetime();

    @Override
    @WithDefault("5")
    int maxAttempts();

    /** Between two codes the citizen asks for. */
    @Override
    @WithDefault("PT2M")
    Duration resendCooldown();

    /**
     * How long after a redemption Keycloak may ask again (same idempotency key, same code) because its own
     * transaction failed after ours committed. Short: a replay never needs more than the app's own retry.
     */
    @WithDefault("PT5M")
    Duration retryWindow();

    /** Admin reissues included. */
    @Override
    @WithDefault("6")
    int maxSends();

    @Override
    @WithDefault("10")
    int maxFailedSends();
}
