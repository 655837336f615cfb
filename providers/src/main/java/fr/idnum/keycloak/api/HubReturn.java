package fr.idnum.keycloak.api;

import jakarta.ws.rs.core.Response;

import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.LoginProtocol;
import org.keycloak.services.ErrorPage;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.services.messages.Messages;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;

/**
 * "Retour sur FranceConnect": the citizen gives up signing in and goes back to the hub. As OpenID Connect
 * wants it, and as Keycloak does when a login form is cancelled, the hub gets its redirect URI with
 * {@code error=access_denied} and its own {@code state}. The sign-in is found through the browser's own session
 * cookie and tab, never through an id in the URL, and only the hub's sign-ins can be ended this way (its
 * client id is the realm attribute {@value #HUB_CLIENT_ATTRIBUTE}, which the login theme reads too).
 */
final class HubReturn {

    static final String PATH = "hub-return";
    /** Realm attribute naming the hub's client id (realm-config: {@code IDNUM_HUB_CLIENT_ID}). */
    static final String HUB_CLIENT_ATTRIBUTE = "idnumHubClientId";

    private HubReturn() {
    }

    static Response of(KeycloakSession session, String clientId, String tabId) {
        RealmModel realm = session.getContext().getRealm();
        String hubClientId = realm.getAttribute(HUB_CLIENT_ATTRIBUTE);
        ClientModel client = clientId == null || !clientId.equals(hubClientId) ? null : realm.getClientByClientId(clientId);
        if (client == null) {
            return ErrorPage.error(session, null, Response.Status.BAD_REQUEST, Messages.INVALID_REQUEST);
        }
        RootAuthenticationSessionModel root = new AuthenticationSessionManager(session).getCurrentRootAuthenticationSession(realm);
        AuthenticationSessionModel authSession = root == null || tabId == null ? null : root.getAuthenticationSession(client, tabId);
        if (authSession == null) {
            return ErrorPage.error(session, null, Response.Status.BAD_REQUEST, Messages.EXPIRED_ACTION);
        }
        session.getContext().setClient(client);
        session.getContext().setAuthenticationSession(authSession);
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.LOGIN).client(client);
        event.error(Errors.REJECTED_BY_USER);
        LoginProtocol protocol = session.getProvider(LoginProtocol.class, authSession.getProtocol());
        protocol.setRealm(realm)
                .setHttpHeaders(session.getContext().getRequestHeaders())
                .setUriInfo(session.getContext().getUri())
                .setEventBuilder(event);
        return protocol.sendError(authSession, LoginProtocol.Error.CANCELLED_BY_USER, null);
    }
}
