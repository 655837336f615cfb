package fr.idnum.keycloak.api;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import fr.idnum.keycloak.clientkeys.EncryptionKeyRefresh;
import fr.idnum.keycloak.push.ChallengeChanges;
import fr.idnum.keycloak.realm.AccountConsoleScopes;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * Factory of {@link IdnumResourceProvider}; its id is the path segment under the realm. Server-wide setting
 * {@code --spi-realm-restapi-extension--idnum--replace-active-device} (default {@code true}): activating a new
 * phone revokes the citizen's current one (DESIGN.md: one active phone per citizen); {@code false} refuses
 * the new activation until the current phone is deactivated. {@code ...--client-encryption-keys-refresh-seconds}
 * (default 60, 0 = off): how often each node fetches again the JWKS of clients that want encrypted tokens
 * ({@link EncryptionKeyRefresh}).
 * <p>
 * The waiting page's long-poll ({@link PushStatus}): {@code status-hold-seconds} (default 25) is how long a status
 * request is held when nothing happens, below the idle timeouts of the proxies in front; {@code max-waiting-pages}
 * (default 10000) bounds the requests one node holds at once (more are answered 503 with Retry-After). Held requests
 * are resumed by {@link ChallengeChanges}, a listener on the cache behind the single-use store.
 */
public class IdnumResourceProviderFactory implements RealmResourceProviderFactory {

    public static final String PROVIDER_ID = fr.idnum.protocol.DeviceApi.RESOURCE;

    static final String REPLACE_ACTIVE_DEVICE = "replace-active-device";
    static final String ENCRYPTION_KEYS_REFRESH = "client-encryption-keys-refresh-seconds";
    private static final int DEFAULT_ENCRYPTION_KEYS_REFRESH = 60;
    static final String STATUS_HOLD_SECONDS = "status-hold-seconds";
    static final String MAX_WAITING_PAGES = "max-waiting-pages";
    static final int DEFAULT_STATUS_HOLD_SECONDS = 25;
    static final int DEFAULT_MAX_WAITING_PAGES = 10_000;

    private boolean replaceActiveDevice = true;
    private WaitingBrowsers<PushStatus.Answer> waitingBrowsers;
    private ChallengeChanges challengeChanges;
    private Duration encryptionKeysRefresh = Duration.ofSeconds(DEFAULT_ENCRYPTION_KEYS_REFRESH);
    /** The time every endpoint of the resource reads (a fixed one in tests). */
    private final Clock clock;

    public IdnumResourceProviderFactory() {
        this(Clock.systemUTC());
    }

    IdnumResourceProviderFactory(Clock clock) {
        this.clock = clock;
    }

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new IdnumResourceProvider(session, replaceActiveDevice, clock, waitingBrowsers);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public void init(Config.Scope config) {
        replaceActiveDevice = config.getBoolean(REPLACE_ACTIVE_DEVICE, true);
        int hold = Math.max(1, Math.min(300, config.getInt(STATUS_HOLD_SECONDS, DEFAULT_STATUS_HOLD_SECONDS)));
        int maxWaiting = Math.max(1, config.getInt(MAX_WAITING_PAGES, DEFAULT_MAX_WAITING_PAGES));
        waitingBrowsers = new WaitingBrowsers<>(Duration.ofSeconds(hold), maxWaiting, PushStatus.Answer::toResponse);
        encryptionKeysRefresh = Duration.ofSeconds(config.getInt(ENCRYPTION_KEYS_REFRESH, DEFAULT_ENCRYPTION_KEYS_REFRESH));
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(REPLACE_ACTIVE_DEVICE).type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(true)
                .helpText("Activating a new phone revokes the current one (otherwise the activation is refused)").add()
                .property().name(STATUS_HOLD_SECONDS).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(DEFAULT_STATUS_HOLD_SECONDS)
                .helpText("How long the waiting page's status request is held when nothing happens, in seconds (keep it below the proxies' idle timeout)").add()
                .property().name(MAX_WAITING_PAGES).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(DEFAULT_MAX_WAITING_PAGES)
                .helpText("Status requests one node holds at once; more are answered 503 with Retry-After").add()
                .property().name(ENCRYPTION_KEYS_REFRESH).type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(DEFAULT_ENCRYPTION_KEYS_REFRESH)
                .helpText("Seconds between two fetches of the JWKS of clients that want encrypted tokens (0: never)").add()
                .build();
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(AccountConsoleScopes::onEvent);
        factory.register(event -> {
            // Once the caches are up: listen to the challenges' changes for the whole life of the node.
            if (event instanceof PostMigrationEvent && challengeChanges == null) {
                KeycloakModelUtils.runJobInTransaction(factory,
                        session -> challengeChanges = ChallengeChanges.listen(session, waitingBrowsers::changed));
            }
        });
        EncryptionKeyRefresh.schedule(factory, encryptionKeysRefresh);
    }

    @Override
    public void close() {
        if (challengeChanges != null) {
            challengeChanges.stop();
        }
        if (waitingBrowsers != null) {
            waitingBrowsers.close();
        }
    }
}
