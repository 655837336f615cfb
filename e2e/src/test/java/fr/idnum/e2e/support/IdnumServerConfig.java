package fr.idnum.e2e.support;

import java.nio.file.Path;

import org.keycloak.testframework.server.KeycloakServerConfig;
import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

/**
 * The Keycloak distribution as we ship it: our providers (the packaged jar, with the device protocol and
 * nimbus bundled) and our login theme installed, configured as an operator would through SPI options: the
 * key of the 4-digit code verifiers and the enrollment service that redeems activation codes, and the proxy
 * settings of a deployment behind a reverse proxy.
 */
public class IdnumServerConfig implements KeycloakServerConfig {

    /**
     * How long the waiting page's status request is held when nothing happens: shorter than the 25 s of production,
     * so that a test can see a hold end, long enough for hundreds of requests to be held at once.
     */
    public static final int STATUS_HOLD_SECONDS = 8;

    /**
     * Keycloak's log file for the whole run, in production's JSON format: production's INFO, with our providers and
     * Keycloak's events at DEBUG
     * (the console stays at the test framework's level). {@code SecretsInLogsIT} searches it.
     */
    public static final Path KEYCLOAK_LOG = Path.of(System.getProperty("basedir", System.getProperty("user.dir")),
            "target", "keycloak.log").toAbsolutePath();

    @Override
    public KeycloakServerConfigBuilder configure(KeycloakServerConfigBuilder config) {
        // Root level INFO as in production (keycloak-test.properties). The console stays at INFO: the framework
        // waits for Keycloak's "started in" line (INFO) on it, and without it waits out its whole start timeout.
        config.log()
                .handlers(KeycloakServerConfigBuilder.LogHandlers.CONSOLE, KeycloakServerConfigBuilder.LogHandlers.FILE)
                .handlerLevel(KeycloakServerConfigBuilder.LogHandlers.CONSOLE, "INFO")
                .handlerLevel(KeycloakServerConfigBuilder.LogHandlers.FILE, "DEBUG")
                .categoryLevel("fr.idnum", "DEBUG")
                .categoryLevel("org.keycloak.events", "DEBUG")
                .categoryLevel("fr.idnum.events", "DEBUG");
        return config
                .dependency("fr.idnum", "idnum-providers", false)
                .dependency("fr.idnum", "idnum-theme")
                .spiOption("credential", "idnum-device", "pin-key", TestEnvironment.PIN_KEY)
                .spiOption("idnum-enrollment", "http", "url", TestEnvironment.ENROLLMENT_URL)
                .spiOption("idnum-enrollment", "http", "issuer", TestEnvironment.ISSUER)
                .spiOption("realm-restapi-extension", "idnum", "status-hold-seconds", String.valueOf(STATUS_HOLD_SECONDS))
                // As behind the production proxy (docs/operations.md): the client address comes from X-Forwarded-For,
                // trusted from the proxy's address only (here loopback), so tests can speak from several sources.
                .option("proxy-headers", "xforwarded")
                .option("proxy-trusted-addresses", "127.0.0.1,::1")
                .option("log-file", KEYCLOAK_LOG.toString())
                // One JSON record per line, as production's console (docker/compose.yaml): control characters escaped.
                .option("log-file-output", "json");
    }
}
