package fr.idnum.keycloak.api;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** Factory of {@link IdnumResourceProvider}; its id is the path segment under the realm. */
public class IdnumResourceProviderFactory implements RealmResourceProviderFactory {

    public static final String PROVIDER_ID = "idnum";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new IdnumResourceProvider(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public void init(Config.Scope config) {
        // No server-wide settings yet.
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // Nothing to wire.
    }

    @Override
    public void close() {
        // Stateless.
    }
}
