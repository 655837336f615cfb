package fr.idnum.keycloak.registration;

import java.net.URI;

import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.util.AcrStore;
import org.keycloak.common.util.Time;
import org.keycloak.email.EmailException;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.messages.Messages;
import org.keycloak.services.resources.LoginActionsService;
import org.keycloak.services.util.AuthenticationFlowURLHelper;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.storage.UserStoragePrivateUtil;

/**
 * The registration flow's step after the form, which answers every address alike (issue 14, enumeration): a new
 * one, whose account the form created, and one that already names an account, for which the form created nothing
 * ({@link AccountCreationAction}).
 * <ol>
 * <li>The form's submission: a redirect to this step's page. For an existing address, a {@code REGISTER_ERROR}
 * event ({@code email_in_use}, reason {@value #ADDRESS_HAS_ACCOUNT}, the owner's id) for auditors.</li>
 * <li>That page: the e-mail, sent within the request, then Keycloak's verify-e-mail page. A new account gets the
 * link that proves its address ({@link AddressProofMail}, Keycloak's token and e-mail; Keycloak's handler takes the
 * click and asks the password) and a {@code SEND_VERIFY_EMAIL} event; an existing address's owner gets a notice
 * without link ({@link ExistingAddressNotice}) and a {@code SEND_VERIFY_EMAIL_ERROR} event (the same reason), its
 * account read and a link made as for a new account, for the page to take as long. A reload shows the page again
 * without sending.</li>
 * <li>Its "send again" link: the same e-mail again, after Keycloak's cooldown for its link.</li>
 * </ol>
 * Keycloak's verify-e-mail required action would answer a new account at {@code /login-actions/required-action}, a
 * page Keycloak serves only to an authentication session with a user: an existing address, which has none, could
 * not be answered at the same address. Hence this step sends the new account's link itself, at the same place.
 */
final class RegistrationEmailAuthenticator implements Authenticator {

    /** The event's reason, for auditors: the address typed at registration already has an account. */
    static final String ADDRESS_HAS_ACCOUNT = "address_has_account";
    /** Keycloak's default wait before another verify-e-mail can be sent (its {@code emailResendCooldownSeconds}). */
    static final long DEFAULT_COOLDOWN_SECONDS = 30;

    private static final Logger LOG = Logger.getLogger(RegistrationEmailAuthenticator.class);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        ExistingAddress existing = ExistingAddress.of(authSession);
        if (existing == null && context.getUser() == null) {
            // Not after this flow's form (nothing to answer for): let Keycloak decide, as without this step.
            context.success();
            return;
        }
        if (!RegistrationMailProgress.answered(authSession)) {
            RegistrationMailProgress.markAnswered(authSession);
            if (existing != null) {
                context.getEvent().user(existing.ownerId())
                        .detail(Details.EMAIL, existing.address())
                        .detail(Details.REASON, ADDRESS_HAS_ACCOUNT)
                        .error(Errors.EMAIL_IN_USE);
            } else {
                // What Keycloak does when a flow ends, before its required actions: this flow ends at the link.
                new AcrStore(context.getSession(), authSession).setAuthFlowLevelAuthenticatedToCurrentRequest();
                AuthenticationManager.setClientScopesInSession(context.getSession(), authSession);
                authSession.addRequiredAction(UserModel.RequiredAction.VERIFY_EMAIL);
            }
            context.challenge(Response.status(Response.Status.FOUND).location(page(context)).build());
            return;
        }
        if (RegistrationMailProgress.sentAt(authSession) == null) {
            send(context, existing);
            return;
        }
        show(context, existing, null);
    }

    /** "Cliquez ici pour le renvoyer": the e-mail again, once Keycloak's cooldown for its own link has passed. */
    @Override
    public void action(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        Long sentAt = RegistrationMailProgress.sentAt(authSession);
        if (sentAt == null) {
            authenticate(context);
            return;
        }
        ExistingAddress existing = ExistingAddress.of(authSession);
        long remaining = sentAt + cooldownSeconds(context.getRealm()) - Time.currentTime();
        if (remaining > 0) {
            show(context, existing, remaining);
            return;
        }
        send(context, existing);
    }

    private void send(AuthenticationFlowContext context, ExistingAddress existing) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        RegistrationMailProgress.markSent(authSession, Time.currentTime());
        try {
            if (existing == null) {
                UserModel user = context.getUser();
                AddressProofMail.send(session, realm, context.getUriInfo(), user, authSession);
                context.getEvent().clone().event(EventType.SEND_VERIFY_EMAIL).user(user)
                        .detail(Details.EMAIL, user.getEmail()).success();
            } else {
                // As long as a new account's page, which reads the account from the database (the form created it:
                // it is not in the user cache yet) and signs its link's token: the owner is read past the cache, and a
                // link is made for nobody and dropped.
                UserModel owner = UserStoragePrivateUtil.userLocalStorage(session).getUserById(realm, existing.ownerId());
                AddressProofMail.link(session, realm, context.getUriInfo(), KeycloakModelUtils.generateId(),
                        existing.address(), authSession);
                if (owner != null && owner.getEmail() != null) {
                    ExistingAddressNotice.send(session, realm, owner, authSession);
                }
                // A new account's page records SEND_VERIFY_EMAIL; this one says why no link went out, and so writes
                // to the database as that page does (the answer's time must not tell them apart).
                context.getEvent().clone().event(EventType.SEND_VERIFY_EMAIL).user(existing.ownerId())
                        .detail(Details.EMAIL, existing.address()).detail(Details.REASON, ADDRESS_HAS_ACCOUNT)
                        .error(Errors.EMAIL_IN_USE);
            }
        } catch (EmailException e) {
            // As Keycloak's verify-e-mail step answers when its e-mail fails.
            String who = existing == null ? context.getUser().getId() : existing.ownerId();
            Throwable cause = e.getCause();
            LOG.warnf("idnum-registration: the registration e-mail to user %s was not sent: %s%s", who, e.getMessage(),
                    cause == null ? "" : " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")");
            if (existing == null) {
                context.getEvent().clone().event(EventType.SEND_VERIFY_EMAIL).user(who)
                        .detail(Details.REASON, e.getMessage()).error(Errors.EMAIL_SEND_FAILED);
            }
            context.challenge(context.form().setError(Messages.EMAIL_SENT_ERROR)
                    .createErrorPage(Response.Status.INTERNAL_SERVER_ERROR));
            return;
        }
        show(context, existing, null);
    }

    /**
     * Keycloak's verify-e-mail page, given the address alone (never an account's names or attributes), and rendered
     * as Keycloak renders it from its required action: without the flow's context, which would show a new account's
     * identifier and "Changer d'identifiant" (the flow has a user then), and nothing for an existing address.
     */
    private static void show(AuthenticationFlowContext context, ExistingAddress existing, Long cooldownLeft) {
        String address = existing == null ? context.getUser().getEmail() : existing.address();
        context.getAuthenticationSession().setAuthNote(Constants.VERIFY_EMAIL_KEY, address);
        var form = context.form().setAuthContext(null)
                .setUser(new AddressOnlyUser(context.getSession(), context.getRealm(), address));
        if (cooldownLeft != null) {
            form.setError(Messages.COOLDOWN_VERIFICATION_EMAIL, cooldownLeft);
        }
        context.challenge(form.createResponse(UserModel.RequiredAction.VERIFY_EMAIL));
    }

    /** This step's page, as a browser reaches it after the form: a GET without action code, the same for all. */
    private static URI page(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        return new AuthenticationFlowURLHelper(context.getSession(), context.getRealm(), context.getUriInfo())
                .getLastExecutionUrl(LoginActionsService.REGISTRATION_PATH, context.getExecution().getId(),
                        authSession.getClient().getClientId(), authSession.getTabId(),
                        AuthenticationProcessor.getClientData(context.getSession(), authSession));
    }

    private static long cooldownSeconds(RealmModel realm) {
        RequiredActionProviderModel verifyEmail = realm.getRequiredActionProviderByAlias(UserModel.RequiredAction.VERIFY_EMAIL.name());
        String configured = verifyEmail == null || verifyEmail.getConfig() == null ? null
                : verifyEmail.getConfig().get("emailResendCooldownSeconds");
        try {
            return configured == null ? DEFAULT_COOLDOWN_SECONDS : Long.parseLong(configured);
        } catch (NumberFormatException e) {
            return DEFAULT_COOLDOWN_SECONDS;
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
