package fr.idnum.keycloak.api;

import java.time.Clock;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;

/** Serves {@link IdnumResource} under {@code /realms/{realm}/idnum}. */
public class IdnumResourceProvider implements RealmResourceProvider {

    private final KeycloakSession session;
    private final boolean replaceActiveDevice;
    private final Clock clock;
    private final WaitingBrowsers<PushStatus.Answer> waitingBrowsers;

    IdnumResourceProvider(KeycloakSession session, boolean replaceActiveDevice, Clock clock, WaitingBrowsers<PushStatus.Answer> waitingBrowsers) {
        this.session = session;
        this.replaceActiveDevice = replaceActiveDevice;
        this.clock = clock;
        this.waitingBrowsers = waitingBrowsers;
    }

    @Override
    public Object getResource() {
        return new IdnumResource(session, replaceActiveDevice, clock, waitingBrowsers);
    }

    @Override
    public void close() {
        // Nothing held.
    }
}
