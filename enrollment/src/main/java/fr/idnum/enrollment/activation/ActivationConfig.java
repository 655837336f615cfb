package fr.idnum.enrollment.activation;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of the activation code. */
@ConfigMapping(prefix = "idnum.activation")
public interface ActivationConfig {

    /** From issue to last use: long enough for a postman's visit or a post-office trip, then the activation. */
    @WithDefault("P30D")
    Duration codeLifetime();

    /** Wrong codes typed before the code is dead. */
    @WithDefault("5")
    int maxAttempts();

    /** Minimum time between two codes the citizen asks for. */
    @WithDefault("PT2M")
    Duration resendCooldown();

    /**
     * How long after a redemption Keycloak may ask again (same idempotency key, same code) because its own
     * transaction failed after ours committed. Short: a replay never needs more than the app's own retry.
     */
    @WithDefault("PT5M")
    Duration retryWindow();

    /** Codes issued for one enrollment, first one included. */
    @WithDefault("6")
    int maxSends();
}
