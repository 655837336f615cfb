package fr.idnum.keycloak.identifier;

import java.util.Locale;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import fr.idnum.keycloak.push.PushEvents;
import fr.idnum.keycloak.push.PushPage;
import fr.idnum.keycloak.push.RequestLimits;
import fr.idnum.keycloak.push.SignInGate;
import fr.idnum.protocol.PrintableText;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.authentication.authenticators.util.AcrStore;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.services.messages.Messages;

/**
 * The identifier step, which never tells whether an account exists (DESIGN.md, "Signing in at eidas2"):
 * a known identifier sets the user; at eidas1 an unknown or disabled one moves on too, without a user, and the
 * password step answers it as a wrong password. At eidas2 this step itself answers every identifier that cannot
 * sign in there with the "no phone activated" page: an unknown or disabled one, and an account without an active
 * phone (none, or one locked by wrong codes), so that the page is the same one, posting to the same step; only an
 * activated phone leads on, to the waiting page (a deliberate difference: docs/threat-model.md). Keycloak's own
 * username form stops on the identifier page instead, which tells anyone which identifiers exist.
 */
public class IdentifierAuthenticator implements Authenticator {

    static final String USERNAME = "username";
    static final int MAX_LENGTH = 255;
    /** From this level on, the phone signs: eidas2. */
    static final int PHONE_LEVEL = 2;

    /** Sign-ins at eidas2 one identifier may start in any quarter of an hour, whether it names an account or not. */
    static final int DEFAULT_MAX_PER_IDENTIFIER = 10;

    private final int maxPerIdentifier;

    IdentifierAuthenticator(int maxPerIdentifier) {
        this.maxPerIdentifier = maxPerIdentifier;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        if (context.getUser() != null) {
            // Step-up in a session that already knows the citizen: nothing to ask.
            context.success();
            return;
        }
        LoginFormsProvider form = context.form();
        String hint = context.getAuthenticationSession().getClientNote(OIDCLoginProtocol.LOGIN_HINT_PARAM);
        if (hint != null && !hint.isBlank() && hint.length() <= MAX_LENGTH) {
            MultivaluedMap<String, String> data = new jakarta.ws.rs.core.MultivaluedHashMap<>();
            data.add(USERNAME, hint.trim());
            form.setFormData(data);
        }
        context.challenge(form.createLoginUsername());
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (form.containsKey("cancel")) {
            // "Retour au service" on the no-phone page shown for an unknown identifier (below).
            context.cancelLogin();
            return;
        }
        String username = form.getFirst(USERNAME) == null ? "" : form.getFirst(USERNAME).trim();
        if (username.isEmpty() || username.length() > MAX_LENGTH) {
            context.getEvent().error(Errors.USER_NOT_FOUND);
            Response page = context.form().setError(Messages.MISSING_USERNAME).createLoginUsername();
            context.forceChallenge(page);
            return;
        }
        if (!PrintableText.isPrintable(username)) {
            // No account is named with a control or bidi character: refused before the identifier reaches an event
            // line (Keycloak's event log escapes line breaks only, not ESC, BEL, NUL or U+202E), the session or the
            // account search, with the page any unknown identifier would get.
            context.getEvent().detail(Details.USERNAME, PrintableText.forLog(username)).error(Errors.USER_NOT_FOUND);
            Response page = context.form().setError(Messages.INVALID_USERNAME).createLoginUsername();
            context.forceChallenge(page);
            return;
        }
        context.getEvent().detail(Details.USERNAME, username);
        context.getAuthenticationSession().setAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME, username);
        // The next pages show the identifier typed above their form ("Changer d'identifiant"): Keycloak's theme does so
        // when the session has a user, or with this note. Set for every identifier, an unknown one is shown as well.
        context.getAuthenticationSession().setAuthNote(AbstractUsernameFormAuthenticator.USERNAME_HIDDEN, "true");
        int requested = new AcrStore(context.getSession(), context.getAuthenticationSession())
                .getRequestedLevelOfAuthentication(context.getTopLevelFlow());
        UserModel user = find(context.getSession(), context.getRealm(), username);
        if (requested >= PHONE_LEVEL && !new RequestLimits(context.getSession())
                .take(RequestLimits.Scope.IDENTIFIER, username.toLowerCase(Locale.ROOT), maxPerIdentifier)) {
            // Counted for every identifier, account or not, so the limit answers the same whatever the identifier
            // names; typed again and again, it can no longer push its owner's phone, nor use up their requests.
            if (user != null) {
                context.getEvent().user(user);
            }
            context.getEvent().detail(Details.REASON, "request limit per identifier").error(PushEvents.RATE_LIMITED_EVENT_ERROR);
            context.challenge(context.form().setAttribute(PushPage.ATTRIBUTE, PushPage.outcome(PushPage.State.TOO_MANY_REQUESTS))
                    .createForm(PushPage.TEMPLATE));
            return;
        }
        if (user == null || !user.isEnabled()) {
            context.getEvent().error(Errors.USER_NOT_FOUND);
            if (requested >= PHONE_LEVEL) {
                // What the push step shows an account without a phone (Keycloak's conditional sub-flows do not
                // run without a user, so the page is given here).
                context.challenge(context.form().createForm(PushPage.NO_DEVICE_TEMPLATE));
                return;
            }
            context.success();
            return;
        }
        if (requested >= PHONE_LEVEL && SignInGate.activeDevice(user).isEmpty()) {
            // The same page as above, from this same step. Left to the push step, it would post to that step (its
            // execution in the form's address) and come later in the flow: it would tell an account without an active
            // phone (none, or one locked by wrong codes) from no account.
            context.getEvent().user(user).error(PushEvents.NO_DEVICE_EVENT_ERROR);
            context.challenge(context.form().createForm(PushPage.NO_DEVICE_TEMPLATE));
            return;
        }
        context.setUser(user);
        context.success();
    }

    private static UserModel find(KeycloakSession session, RealmModel realm, String username) {
        try {
            return KeycloakModelUtils.findUserByNameOrEmail(session, realm, username);
        } catch (RuntimeException duplicateEmail) {
            return null;
        }
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
        // Nothing to set up.
    }

    @Override
    public void close() {
        // Stateless.
    }
}
