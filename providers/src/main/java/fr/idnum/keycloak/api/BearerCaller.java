package fr.idnum.keycloak.api;

import fr.idnum.protocol.DeviceProblems;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;

/** The caller of a realm resource proven by a bearer token of this realm, or a clear 401. */
final class BearerCaller {

    private BearerCaller() {
    }

    /** The token's authentication; throws 401 (with {@code WWW-Authenticate}) naming {@code whose} token is required. */
    static AuthenticationManager.AuthResult authenticate(KeycloakSession session, RealmModel realm, String whose) {
        AuthenticationManager.AuthResult auth;
        try {
            auth = new AppAuthManager.BearerTokenAuthenticator(session).authenticate();
        } catch (RuntimeException e) {
            auth = null;
        }
        if (auth == null) {
            throw new DeviceProblem(401, DeviceProblems.INVALID_TOKEN, "Sign-in required",
                    "A valid access token of " + whose + " is required.")
                    .header("WWW-Authenticate", "Bearer realm=\"" + realm.getName() + "\"");
        }
        return auth;
    }
}
