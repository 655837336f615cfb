package fr.idnum.enrollment.propagation;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How this service reaches Keycloak's admin REST API, as its own client {@code idnum-enrollment}. */
@ConfigMapping(prefix = "idnum.keycloak")
public interface KeycloakConfig {

    /** Keycloak's base URL, under which {@code /admin/realms/{realm}} lives. */
    @WithDefault("http://localhost:8080")
    URI url();

    @WithDefault("idnum")
    String realm();

    /** The realm's issuer; its token endpoint is {@code issuer + /protocol/openid-connect/token}. */
    URI issuer();

    @WithDefault("idnum-enrollment")
    String clientId();

    /** From {@code IDNUM_ENROLLMENT_CLIENT_SECRET}; without it nothing is delivered (the rows wait, a warning says why). */
    Optional<String> clientSecret();

    @WithDefault("PT2S")
    Duration connectTimeout();

    @WithDefault("PT5S")
    Duration requestTimeout();

    /** First retry delay after a failed delivery; doubled at each further failure up to {@link #maxRetryDelay()}. */
    @WithDefault("PT15S")
    Duration firstRetryDelay();

    @WithDefault("PT15M")
    Duration maxRetryDelay();

    /** How often the dispatcher looks for due rows (read by {@code @Scheduled}; e.g. {@code 15s}). */
    @WithDefault("15s")
    String propagationInterval();
}
