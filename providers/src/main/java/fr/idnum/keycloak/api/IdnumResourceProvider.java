package fr.idnum.keycloak.api;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;

/** Serves {@link IdnumResource} under {@code /realms/{realm}/idnum}. */
public class IdnumResourceProvider implements RealmResourceProvider {

    private final KeycloakSession session;
    private final boolean replaceActiveDevice;

    IdnumResourceProvider(KeycloakSession session, boolean replaceActiveDevice) {
        this.session = session;
        this.replaceActiveDevice = replaceActiveDevice;
    }

    @Override
    public Object getResource() {
        return new IdnumResource(session, replaceActiveDevice);
    }

    @Override
    public void close() {
        // Nothing held.
    }
}
