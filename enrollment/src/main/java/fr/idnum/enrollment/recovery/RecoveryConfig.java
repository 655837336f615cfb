package fr.idnum.enrollment.recovery;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How an activation code reaches a citizen after the identity check (a number changed, a re-activation): by letter
 * to the verified postal address, redeemable only after a cooling-off, and a number change only after a recent
 * sign-in.
 */
@ConfigMapping(prefix = "idnum.recovery")
public interface RecoveryConfig {

    /**
     * From posting to the first moment the code works. Longer than the post takes (J+2 for standard mail), so that the
     * notices sent at once to the old number and the e-mail reach the real citizen before anyone can activate a phone,
     * and an operator can suspend the enrollment in time.
     */
    @WithDefault("P3D")
    Duration coolingOff();

    /**
     * How old the citizen's sign-in (the token's {@code auth_time}) may be when the number changes after the identity
     * check: a stolen phone's long-lived session is not enough, the password must have been typed just before.
     */
    @WithDefault("PT10M")
    Duration recentSignIn();
}
