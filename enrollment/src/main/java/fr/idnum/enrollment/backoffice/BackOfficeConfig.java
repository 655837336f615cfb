package fr.idnum.enrollment.backoffice;

import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How strongly agents and administrators must have signed in: their token's {@code acr} must be at least
 * {@link #minimumAcr()} in the order of {@link #acrLevels()} (the realm's LoA map: eidas1 &lt; eidas2 &lt; eidas3).
 */
@ConfigMapping(prefix = "idnum.back-office")
public interface BackOfficeConfig {

    /** The lowest level accepted on the agent and admin APIs; a password alone (eidas1) is not enough. */
    @WithDefault("eidas2")
    String minimumAcr();

    /** The acr values Keycloak issues, weakest first; a value not listed is refused. */
    @WithDefault("eidas1,eidas2,eidas3")
    List<String> acrLevels();
}
