package fr.idnum.keycloak.push;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import fr.idnum.keycloak.device.DeviceCredentialModel;
import fr.idnum.keycloak.device.DeviceStatus;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The {@code eidas2} step: approval of a push notification on the citizen's activated phone.
 *
 * <p>This first version holds the place of the push step in the level-2 sub-flow. It refuses, with a page
 * that says how to get one, every citizen without an activated phone (which, until phone activation
 * exists, is every citizen); the challenge itself comes with the push sign-in work.
 */
public class PushAuthenticator implements Authenticator {

    /** Credential type of an activated phone (see DESIGN.md, "Fixed names"). */
    public static final String DEVICE_CREDENTIAL_TYPE = DeviceCredentialModel.TYPE;

    /** Event error recorded when a citizen without an activated phone asks for eidas2. */
    public static final String NO_DEVICE_EVENT_ERROR = "idnum_no_active_device";

    static final String NO_DEVICE_TEMPLATE = "idnum-no-device.ftl";

    static final PushAuthenticator SINGLETON = new PushAuthenticator();

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        if (user == null) {
            context.failure(AuthenticationFlowError.UNKNOWN_USER);
            return;
        }
        if (!configuredFor(context.getSession(), context.getRealm(), user)) {
            context.getEvent().user(user).error(NO_DEVICE_EVENT_ERROR);
            context.challenge(noDevicePage(context));
            return;
        }
        // A phone is registered but the push challenge is not part of this build: fail closed.
        context.getEvent().user(user).error(NO_DEVICE_EVENT_ERROR);
        context.failure(AuthenticationFlowError.CREDENTIAL_SETUP_REQUIRED);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (form.containsKey("cancel")) {
            // Back to the relying party with error=access_denied, as OIDC expects for an aborted login.
            context.cancelLogin();
            return;
        }
        context.challenge(noDevicePage(context));
    }

    private Response noDevicePage(AuthenticationFlowContext context) {
        return context.form().createForm(NO_DEVICE_TEMPLATE);
    }

    /**
     * The user must be known (the identifier step comes first), but the flow must not turn "no phone"
     * into Keycloak's generic "credential setup required" error or, worse, a set-up required action that
     * lets the login through: this authenticator checks the user and the phone itself.
     */
    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(DEVICE_CREDENTIAL_TYPE)
                .map(DeviceCredentialModel::from)
                .anyMatch(device -> device.data().status() == DeviceStatus.ACTIVE);
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        // A phone is activated with the activation code from the enrollment service, never inside a login.
    }

    @Override
    public void close() {
        // Stateless.
    }
}
