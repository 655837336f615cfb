package fr.idnum.enrollment.admin;

import java.time.Period;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How long the identity data of an ended enrollment is kept before it may be erased, counted from the day
 * the enrollment ended (REJECTED, EXPIRED or REVOKED). See {@link RetentionRule} for why these defaults.
 */
@ConfigMapping(prefix = "idnum.retention")
public interface RetentionConfig {

    /**
     * An identity that was verified (it may have backed sign-ins at level "substantial"): the evidence of its
     * proofing is kept for the period eIDAS record-keeping asks of the provider (7 years, as the service's
     * privacy notice tells citizens).
     */
    @WithDefault("P7Y")
    Period verifiedIdentity();

    /**
     * An identity that was never verified (rejected by the check, or abandoned until it expired): it never
     * backed any sign-in, so no eIDAS evidence obligation applies; it is kept only long enough for the citizen
     * to contest a rejection and for a suspected identity theft to be investigated.
     */
    @WithDefault("P1Y")
    Period unverifiedIdentity();
}
