package fr.idnum.keycloak.api;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;

/** Serves {@link IdnumResource} under {@code /realms/{realm}/idnum}. */
public class IdnumResourceProvider implements RealmResourceProvider {

    private final KeycloakSession session;

    IdnumResourceProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public Object getResource() {
        return new IdnumResource(session);
    }

    @Override
    public void close() {
        // Nothing held.
    }
}
