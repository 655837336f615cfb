package fr.idnum.enrollment.verification;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The remote identity-verification provider whose signed callbacks we accept. */
@ConfigMapping(prefix = "idnum.remote-verification")
public interface RemoteVerificationConfig {

    /** The {@code iss} its callbacks carry. */
    String issuer();

    /** Its public signing keys, as a JWKS document (JSON). */
    String jwks();

    /** The {@code aud} its callbacks must carry: this service. */
    @WithDefault("idnum-enrollment")
    String audience();

    /** How old a callback's {@code iat} may be (and how far in the future, for clock skew). */
    @WithDefault("PT5M")
    Duration maxAge();
}
