package fr.idnum.keycloak.replay;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * Factory of {@link UsedDeviceRequestsEntityProvider}; its id also names the table Liquibase keeps this changelog's
 * history in. Server-wide setting {@code --spi-jpa-entity-provider--idnum-used-device-requests--purge-interval-seconds}
 * (default 60, 0 = never): how often the expired rows are deleted ({@link ExpiredRequestsPurge}).
 */
public class UsedDeviceRequestsEntityProviderFactory implements JpaEntityProviderFactory {

    public static final String PROVIDER_ID = "idnum-used-device-requests";

    static final String PURGE_INTERVAL_SECONDS = "purge-interval-seconds";
    static final int DEFAULT_PURGE_INTERVAL_SECONDS = 60;

    private static final UsedDeviceRequestsEntityProvider PROVIDER = new UsedDeviceRequestsEntityProvider();

    private Duration purgeInterval = Duration.ofSeconds(DEFAULT_PURGE_INTERVAL_SECONDS);

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return PROVIDER;
    }

    @Override
    public void init(Config.Scope config) {
        purgeInterval = Duration.ofSeconds(config.getInt(PURGE_INTERVAL_SECONDS, DEFAULT_PURGE_INTERVAL_SECONDS));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        ExpiredRequestsPurge.schedule(factory, purgeInterval, Clock.systemUTC());
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(PURGE_INTERVAL_SECONDS).type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(DEFAULT_PURGE_INTERVAL_SECONDS)
                .helpText("Seconds between two deletions of the expired ids of device requests (0: never)").add()
                .build();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public void close() {
        // Nothing held.
    }
}
