package fr.idnum.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import fr.idnum.e2e.support.IdnumServerConfig;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

/**
 * The server under test is the distribution we ship (keycloak.dist.version in the parent POM, with its
 * security fixes), not the one of the test framework's own version (keycloak.version). The framework
 * installs the keycloak-quarkus-dist zip that e2e/pom.xml depends on; this checks that it really did.
 */
@KeycloakIntegrationTest(config = IdnumServerConfig.class)
class KeycloakDistributionIT {

    /** Set by failsafe from keycloak.dist.version (e2e/pom.xml). */
    static final String EXPECTED_VERSION = System.getProperty("idnum.keycloak.dist.version");

    @InjectAdminClient
    Keycloak admin;

    @Test
    void runsTheDistributionWeShip() {
        assertNotNull(EXPECTED_VERSION, "failsafe must set idnum.keycloak.dist.version (see e2e/pom.xml)");
        String running = admin.serverInfo().getInfo().getSystemInfo().getVersion();
        System.out.println("[KeycloakDistributionIT] server under test: Keycloak " + running);
        assertEquals(EXPECTED_VERSION, running, "the ITs must run the distribution that the run command and the image ship");
    }
}
