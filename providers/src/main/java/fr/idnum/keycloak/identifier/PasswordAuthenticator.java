package fr.idnum.keycloak.identifier;

import jakarta.ws.rs.core.MultivaluedMap;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.authentication.authenticators.browser.PasswordForm;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.validation.Validation;

/**
 * Keycloak's password step, also for an identifier that matched no account ({@link IdentifierAuthenticator}):
 * the same page, and the same refusal as a wrong password, so the answer never tells whether the account
 * exists. Brute-force protection applies to existing accounts as in Keycloak's step.
 */
public class PasswordAuthenticator extends PasswordForm {

    public PasswordAuthenticator(KeycloakSession session) {
        super(session);
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        if (context.getUser() == null) {
            context.challenge(context.form().createLoginPassword());
            return;
        }
        super.authenticate(context);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (context.getUser() == null && !form.containsKey("cancel")) {
            // As long as checking a real password: the refusal's timing must not tell an unknown identifier either.
            AuthenticatorUtils.dummyHash(context);
            context.getEvent().error(Errors.USER_NOT_FOUND);
            context.failureChallenge(AuthenticationFlowError.INVALID_USER,
                    challenge(context, getDefaultChallengeMessage(context), Validation.FIELD_PASSWORD));
            return;
        }
        super.action(context);
    }

    @Override
    public boolean requiresUser() {
        return false;
    }
}
