package fr.idnum.keycloak.identifier;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.authenticators.browser.PasswordForm;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.services.validation.Validation;

/**
 * Keycloak's password step, also for an identifier that matched no account ({@link IdentifierAuthenticator}) and for
 * an account that brute-force protection locked: the same page, the same refusal as a wrong password and the same
 * hash work, so that neither the answer nor its time tells whether the account exists or is locked. A locked account
 * is still never let in, and a guess against it is not counted (Keycloak counts none during a lock: the lock is
 * neither extended nor reset). An empty password is refused without a hash, as Keycloak refuses it for an account.
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
        if (form.containsKey("cancel")) {
            super.action(context);
            return;
        }
        String password = form.getFirst(CredentialRepresentation.PASSWORD);
        boolean empty = password == null || password.isEmpty();
        UserModel user = context.getUser();
        if (user == null) {
            // As long as checking a real password: the refusal's timing must not tell an unknown identifier either.
            // Keycloak refuses an account's empty password before any hash: so is an unknown one's.
            if (!empty) {
                AuthenticatorUtils.dummyHash(context);
            }
            context.getEvent().error(Errors.USER_NOT_FOUND);
            refuse(context, empty ? null : AuthenticationFlowError.INVALID_USER);
            return;
        }
        String lock = empty ? null : AuthenticatorUtils.getDisabledByBruteForceEventError(context, user);
        if (lock != null) {
            // Keycloak's step answers a locked account at once, with "too many attempts" on the identifier: both tell
            // that the account exists. Its event stays (user_temporarily_disabled), and nothing is counted, as there.
            AuthenticatorUtils.dummyHash(context);
            context.getEvent().user(user).error(lock);
            refuse(context, null);
            return;
        }
        super.action(context);
    }

    /** A wrong password's page; {@code countedAs} null: not counted as a failure. */
    private void refuse(AuthenticationFlowContext context, AuthenticationFlowError countedAs) {
        Response page = challenge(context, getDefaultChallengeMessage(context), Validation.FIELD_PASSWORD);
        if (countedAs == null) {
            context.forceChallenge(page);
        } else {
            context.failureChallenge(countedAs, page);
        }
    }

    @Override
    public boolean requiresUser() {
        return false;
    }
}
