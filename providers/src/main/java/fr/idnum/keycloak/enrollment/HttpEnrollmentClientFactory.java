package fr.idnum.keycloak.enrollment;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The enrollment service over HTTP. Server-wide settings ({@code --spi-idnum-enrollment--http--*}, or
 * {@code KC_SPI_IDNUM_ENROLLMENT__HTTP__*} in the environment):
 * <ul>
 *   <li>{@code url}: the service's base URL (default {@code http://localhost:8081}, the run command's);</li>
 *   <li>{@code client-id}: Keycloak's own service client at the realm (default {@code idnum-keycloak}), whose
 *       service account's roles the calls carry; Keycloak makes and signs that client's tokens itself
 *       ({@link InProcessTokens}), so there is no secret to configure;</li>
 *   <li>{@code issuer}: the realm's issuer as the enrollment service checks it (its {@code IDNUM_OIDC_ISSUER}), e.g.
 *       {@code http://localhost:8080/realms/idnum}; required, never derived from a request's host; without it every
 *       call answers "unavailable" and the log says why;</li>
 *   <li>{@code timeout}: connect and read timeout in milliseconds (default 5000);</li>
 *   <li>{@code push-timeout}: the same for the sign-in push, which the waiting page must not wait on long
 *       (default 2000);</li>
 *   <li>{@code status-probe-timeout}: how long the public status endpoint's probe of the service may take
 *       (default 1000); its answer is reused for 5 seconds.</li>
 * </ul>
 */
public class HttpEnrollmentClientFactory implements EnrollmentClientFactory {

    public static final String PROVIDER_ID = "http";

    static final String URL = "url";
    static final String CLIENT_ID = "client-id";
    static final String ISSUER = "issuer";
    static final String TIMEOUT = "timeout";
    static final String PUSH_TIMEOUT = "push-timeout";
    static final String STATUS_PROBE_TIMEOUT = "status-probe-timeout";
    /** How long the status endpoint reuses a probe's answer. */
    static final Duration STATUS_CACHE = Duration.ofSeconds(5);

    private static final Logger LOG = Logger.getLogger(HttpEnrollmentClientFactory.class);

    private HttpEnrollmentClient.Settings settings;
    /** Renews the service token off the request threads, on time: one daemon thread for the whole node. */
    private final ScheduledExecutorService tokenRenewal = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "idnum-service-token");
        thread.setDaemon(true);
        return thread;
    });
    /** Null until {@link #postInit} (it needs the session factory), or when no usable issuer is configured. */
    private volatile ServiceTokens tokens;
    /** Probes the service for the status endpoint, off the request threads: one daemon thread for the node. */
    private final ExecutorService statusProbe = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "idnum-status-probe");
        thread.setDaemon(true);
        return thread;
    });
    private Reachability reachability;

    @Override
    public EnrollmentClient create(KeycloakSession session) {
        return new HttpEnrollmentClient(session, settings, tokens, reachability);
    }

    @Override
    public void init(Config.Scope config) {
        String url = config.get(URL, "http://localhost:8081");
        settings = new HttpEnrollmentClient.Settings(
                url.endsWith("/") ? url.substring(0, url.length() - 1) : url,
                config.get(CLIENT_ID, "idnum-keycloak"),
                config.get(ISSUER),
                Duration.ofMillis(config.getLong(TIMEOUT, 5000L)),
                Duration.ofMillis(config.getLong(PUSH_TIMEOUT, 2000L)));
        Clock clock = Clock.systemUTC();
        Duration probeTimeout = Duration.ofMillis(config.getLong(STATUS_PROBE_TIMEOUT, 1000L));
        reachability = new Reachability(new ServiceProbe(URI.create(settings.url() + "/"), probeTimeout), statusProbe, clock,
                STATUS_CACHE, probeTimeout);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        try {
            Clock clock = Clock.systemUTC();
            tokens = new ServiceTokens(new InProcessTokens(factory, settings.issuer(), settings.clientId(), clock),
                    tokenRenewal, clock, settings.timeout());
        } catch (IllegalArgumentException e) {
            LOG.warnf("idnum-enrollment: %s; phone activation and pushes will answer 503 until "
                    + "KC_SPI_IDNUM_ENROLLMENT__HTTP__ISSUER is set to the realm's issuer", e.getMessage());
        }
    }

    @Override
    public void close() {
        tokenRenewal.shutdownNow();
        statusProbe.shutdownNow();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(URL).type(ProviderConfigProperty.STRING_TYPE).defaultValue("http://localhost:8081")
                .helpText("Base URL of the enrollment service").add()
                .property().name(CLIENT_ID).type(ProviderConfigProperty.STRING_TYPE).defaultValue("idnum-keycloak")
                .helpText("Keycloak's own service client at the realm, whose service account's roles its calls carry").add()
                .property().name(ISSUER).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("The realm's issuer as the enrollment service checks it (required; never taken from the request's host)").add()
                .property().name(TIMEOUT).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(5000)
                .helpText("Connect and read timeout, milliseconds").add()
                .property().name(PUSH_TIMEOUT).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(2000)
                .helpText("Connect and read timeout of the sign-in push, milliseconds").add()
                .property().name(STATUS_PROBE_TIMEOUT).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(1000)
                .helpText("Timeout of the status endpoint's probe of the service, milliseconds (answers cached 5 s)").add()
                .build();
    }
}
