package fr.idnum.keycloak.reset;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

import fr.idnum.keycloak.delivery.SenderPool;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.actiontoken.resetcred.ResetCredentialsActionToken;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.common.util.Time;
import org.keycloak.email.EmailException;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.models.DefaultActionTokenKey;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.messages.Messages;
import org.keycloak.sessions.AuthenticationSessionCompoundId;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * "Mot de passe oublié ?", the e-mail step: what Keycloak's {@code reset-credential-email} does (the action-token link
 * with the realm's lifespan, the {@code SEND_RESET_PASSWORD} event or its error, the same "un message vient d'y être
 * envoyé" page whatever happened), except that the e-mail is not sent inside the request: it is written here, then
 * sent by a {@link SenderPool} thread once the request's transaction committed (the link names the authentication
 * session, which exists for other nodes only then). The request for an existing account thus no longer waits on the
 * SMTP server, which an unknown address never does: the answer's time no longer tells whether an account exists
 * (issue 14; Keycloak's keycloak/keycloak#26625).
 */
final class ResetEmailAuthenticator implements Authenticator {

    private static final Logger LOG = Logger.getLogger(ResetEmailAuthenticator.class);

    private final SenderPool senders;
    private final ResetLink links;

    ResetEmailAuthenticator(SenderPool senders, ResetLink links) {
        this.senders = senders;
        this.links = links;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        // No account (or a disabled one, which the choose-user step leaves out): the same page, nothing sent.
        if (user == null) {
            context.forkWithSuccessMessage(new FormMessage(Messages.EMAIL_SENT));
            return;
        }
        if (Objects.equals(user.getId(), authSession.getAuthNote(DefaultActionTokenKey.ACTION_TOKEN_USER_ID))) {
            // Back from the e-mailed link: the address is proven. Users of a federation provider sign in again after
            // the reset, as Keycloak's step does by default.
            if (user.getFederationLink() != null) {
                authSession.setAuthNote(AuthenticationManager.END_AFTER_REQUIRED_ACTIONS, "true");
            }
            context.success();
            return;
        }
        String username = authSession.getAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME);
        if (user.getEmail() == null || user.getEmail().isBlank()) {
            context.getEvent().user(user).detail(Details.USERNAME, username).error(Errors.INVALID_EMAIL);
            context.forkWithSuccessMessage(new FormMessage(Messages.EMAIL_SENT));
            return;
        }
        Event sent = context.getEvent().clone().event(EventType.SEND_RESET_PASSWORD)
                .user(user)
                .detail(Details.USERNAME, username)
                .detail(Details.EMAIL, user.getEmail())
                .detail(Details.CODE_ID, authSession.getParentSession().getId())
                .getEvent();
        try {
            PasswordResetMail mail = links.write(context, user);
            senders.afterCommit(context.getSession(), new ResetMailSending(context.getRealm().getId(), mail, sent));
        } catch (EmailException e) {
            // The e-mail could not even be written (a theme error): as a failed send, the same page all the same.
            LOG.warnf("idnum-reset-mail: the password-reset e-mail of user %s could not be written: %s", user.getId(), e.getMessage());
            context.getEvent().clone().event(EventType.SEND_RESET_PASSWORD).user(user).detail(Details.USERNAME, username)
                    .detail(Details.REASON, e.getMessage()).error(Errors.EMAIL_SEND_FAILED);
        }
        context.forkWithSuccessMessage(new FormMessage(Messages.EMAIL_SENT));
    }

    /** The citizen followed the link: their address is proven. */
    @Override
    public void action(AuthenticationFlowContext context) {
        context.getUser().setEmailVerified(true);
        context.success();
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
        // Nothing to set up: the e-mail address comes with the account.
    }

    @Override
    public void close() {
        // Stateless.
    }

    /** Writes the e-mail with its link; the seam unit tests replace (a real link needs the realm's keys). */
    interface ResetLink {
        PasswordResetMail write(AuthenticationFlowContext context, UserModel user) throws EmailException;

        /** Keycloak's reset action token, with the realm's lifespan for it, in Keycloak's e-mail. */
        static ResetLink actionToken() {
            return (context, user) -> {
                RealmModel realm = context.getRealm();
                AuthenticationSessionModel authSession = context.getAuthenticationSession();
                int lifespan = realm.getActionTokenGeneratedByUserLifespan(ResetCredentialsActionToken.TOKEN_TYPE);
                ResetCredentialsActionToken token = new ResetCredentialsActionToken(user.getId(), user.getEmail(),
                        Time.currentTime() + lifespan,
                        AuthenticationSessionCompoundId.fromAuthSession(authSession).getEncodedId(),
                        authSession.getClient().getClientId());
                String link = context.getActionTokenUrl(token.serialize(context.getSession(), realm, context.getUriInfo())).toString();
                return PasswordResetMail.write(context.getSession(), realm, user, authSession, link,
                        TimeUnit.SECONDS.toMinutes(lifespan));
            };
        }
    }
}
