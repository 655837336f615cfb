package fr.idnum.keycloak.device;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Factory of {@link DeviceRemovalNotices}; enabled per realm by its id in the realm's event listeners. */
public class DeviceRemovalNoticesFactory implements EventListenerProviderFactory {

    public static final String PROVIDER_ID = "idnum-device-notices";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new DeviceRemovalNotices(session);
    }

    @Override
    public void init(Config.Scope config) {
        // No settings.
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // Nothing to wire.
    }

    @Override
    public void close() {
        // Nothing held.
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
