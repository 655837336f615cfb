package fr.idnum.keycloak.loa;

import jakarta.ws.rs.core.Response;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.util.AcrStore;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.LoginProtocol;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Refuses, before anything is asked of the citizen, a level of assurance this provider cannot reach
 * ({@code eidas3}). The relying party gets the OIDC error response ({@code error=access_denied} with a
 * description, {@code state} and {@code iss}) on its redirect URI: never a silently lower {@code acr}.
 */
public class UnavailableLevelAuthenticator implements Authenticator {

    /** Event error recorded for an unreachable level; operators alert on it per client. */
    public static final String EVENT_ERROR = "unmet_authentication_requirements";
    static final String REQUESTED_LEVEL_DETAIL = "requested_level";

    static final UnavailableLevelAuthenticator SINGLETON = new UnavailableLevelAuthenticator();

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        int requested = new AcrStore(context.getSession(), authSession)
                .getRequestedLevelOfAuthentication(context.getTopLevelFlow());

        context.getEvent()
                .detail(REQUESTED_LEVEL_DETAIL, Integer.toString(requested))
                .error(EVENT_ERROR);

        LoginProtocol protocol = context.getSession().getProvider(LoginProtocol.class, authSession.getProtocol());
        protocol.setRealm(context.getRealm())
                .setHttpHeaders(context.getHttpRequest().getHttpHeaders())
                .setUriInfo(context.getUriInfo())
                .setEventBuilder(context.getEvent());
        Response response = protocol.sendError(authSession, LoginProtocol.Error.LOA_INVALID,
                "The requested level of assurance (level " + requested + ") is not offered by this identity provider");
        context.forceChallenge(response);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        // authenticate() always ends the flow; a stray form post gets the same answer.
        authenticate(context);
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        // Nothing a user could set up would make the level reachable.
    }

    @Override
    public void close() {
        // Stateless.
    }
}
