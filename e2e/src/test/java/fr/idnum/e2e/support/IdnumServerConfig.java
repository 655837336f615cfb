package fr.idnum.e2e.support;

import org.keycloak.testframework.server.KeycloakServerConfig;
import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

/** The Keycloak distribution as we ship it: our providers and our login theme installed. */
public class IdnumServerConfig implements KeycloakServerConfig {

    @Override
    public KeycloakServerConfigBuilder configure(KeycloakServerConfigBuilder config) {
        return config
                .dependency("fr.idnum", "idnum-providers")
                .dependency("fr.idnum", "idnum-theme");
    }
}
