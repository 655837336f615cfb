package fr.idnum.keycloak.api;

import java.time.Clock;

import java.util.List;

import fr.idnum.keycloak.realm.AccountConsoleScopes;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * Factory of {@link IdnumResourceProvider}; its id is the path segment under the realm. Server-wide setting
 * {@code --spi-realm-restapi-extension--idnum--replace-active-device} (default {@code true}): activating a new
 * phone revokes the citizen's current one (DESIGN.md: one active phone per citizen); {@code false} refuses
 * the new activation until the current phone is deactivated.
 */
public class IdnumResourceProviderFactory implements RealmResourceProviderFactory {

    public static final String PROVIDER_ID = fr.idnum.protocol.DeviceApi.RESOURCE;

    static final String REPLACE_ACTIVE_DEVICE = "replace-active-device";

    private boolean replaceActiveDevice = true;
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
        return new IdnumResourceProvider(session, replaceActiveDevice, clock);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public void init(Config.Scope config) {
        replaceActiveDevice = config.getBoolean(REPLACE_ACTIVE_DEVICE, true);
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(REPLACE_ACTIVE_DEVICE).type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(true)
                .helpText("Activating a new phone revokes the current one (otherwise the activation is refused)").add()
                .build();
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(AccountConsoleScopes::onEvent);
    }

    @Override
    public void close() {
        // Stateless.
    }
}
