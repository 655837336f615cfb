package fr.idnum.keycloak.events;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Factory of {@link EventLog}; the realm lists it in its event listeners in place of {@code jboss-logging}. */
public class EventLogFactory implements EventListenerProviderFactory {

    public static final String PROVIDER_ID = "idnum-logging";

    private static final EventLog LOG = new EventLog();

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return LOG;
    }

    @Override
    public void init(Config.Scope config) {
        // No settings: the levels are the log category's.
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
