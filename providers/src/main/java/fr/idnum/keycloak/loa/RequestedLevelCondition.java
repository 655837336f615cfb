package fr.idnum.keycloak.loa;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.authentication.authenticators.util.AcrStore;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Runs a conditional sub-flow only when the level of assurance the client asked for lies in a range.
 *
 * <p>Keycloak's "Condition - Level of Authentication" runs every level up to the requested one, so a
 * request for {@code eidas2} would also ask for the level-1 password. At {@code eidas2} possession and
 * knowledge both come from the phone, so the password sub-flow carries this condition with
 * {@code max = 1}; a top sub-flow with {@code min = 3} refuses levels we cannot reach.
 */
public class RequestedLevelCondition implements ConditionalAuthenticator {

    static final RequestedLevelCondition SINGLETON = new RequestedLevelCondition();

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        AcrStore acrStore = new AcrStore(context.getSession(), context.getAuthenticationSession());
        int requested = acrStore.getRequestedLevelOfAuthentication(context.getTopLevelFlow());
        return RequestedLevelConditionConfig.of(context.getAuthenticatorConfig()).matches(requested);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        // A condition renders nothing, so it never receives a form post.
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        // Nothing for the user to set up.
    }

    @Override
    public void close() {
        // Stateless.
    }
}
