package fr.idnum.keycloak.replay;

import java.util.List;

import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;

/** Adds {@link UsedDeviceRequest} to Keycloak's database, with its Liquibase changelog. */
public class UsedDeviceRequestsEntityProvider implements JpaEntityProvider {

    static final String CHANGELOG = "META-INF/idnum-used-device-requests-changelog.xml";

    @Override
    public List<Class<?>> getEntities() {
        // The Quarkus distribution finds @Entity classes of provider jars by itself at build time; listed for the others.
        return List.of(UsedDeviceRequest.class);
    }

    @Override
    public String getChangelogLocation() {
        return CHANGELOG;
    }

    @Override
    public String getFactoryId() {
        return UsedDeviceRequestsEntityProviderFactory.PROVIDER_ID;
    }

    @Override
    public void close() {
        // Nothing held.
    }
}
