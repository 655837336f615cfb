package fr.idnum.keycloak.registration;

import java.net.URI;

import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.authentication.Authenticator;
import org.keycloak.common.util.Time;
import org.keycloak.email.EmailException;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.messages.Messages;
import org.keycloak.services.resources.LoginActionsService;
import org.keycloak.services.util.AuthenticationFlowURLHelper;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The registration flow's step after the form: for a new address it lets Keycloak go on (its verify-e-mail step
 * sends the link); for an address that already names an account ({@link AccountCreationAction}) it answers exactly as
 * that step answers a new account, so that the answer tells nothing (issue 14):
 * <ol>
 * <li>the form's submission: a {@code REGISTER_ERROR} event ({@code email_in_use}, reason
 * {@value #ADDRESS_HAS_ACCOUNT}, the owner's id) and a redirect to the next page, as a new account is redirected to
 * its verify-e-mail page;</li>
 * <li>that page: the owner is sent the notice ({@link ExistingAddressNotice}) within the request, as Keycloak sends a
 * new account's link within that request, and the same verify-e-mail page is shown;</li>
 * <li>its "send again" link: the notice again, after the same cooldown as Keycloak's link.</li>
 * </ol>
 * Nothing is created or changed on any account.
 */
final class ExistingAddressAuthenticator implements Authenticator {

    /** The event's reason, for auditors: the address typed at registration already has an account. */
    static final String ADDRESS_HAS_ACCOUNT = "address_has_account";
    /** Keycloak's default wait before another verify-e-mail can be sent (its {@code emailResendCooldownSeconds}). */
    static final long DEFAULT_COOLDOWN_SECONDS = 30;

    private static final Logger LOG = Logger.getLogger(ExistingAddressAuthenticator.class);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        ExistingAddress existing = ExistingAddress.of(authSession);
        if (existing == null) {
            context.success();
            return;
        }
        if (!ExistingAddress.refused(authSession)) {
            ExistingAddress.markRefused(authSession);
            context.getEvent().user(existing.ownerId())
                    .detail(Details.EMAIL, existing.address())
                    .detail(Details.REASON, ADDRESS_HAS_ACCOUNT)
                    .error(Errors.EMAIL_IN_USE);
            context.challenge(Response.status(Response.Status.FOUND).location(nextPage(context)).build());
            return;
        }
        if (ExistingAddress.noticeSentAt(authSession) == null) {
            sendNotice(context, existing);
            return;
        }
        page(context, existing, null);
    }

    /** "Cliquez ici pour le renvoyer": the notice again, once Keycloak's cooldown for its own link has passed. */
    @Override
    public void action(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        ExistingAddress existing = ExistingAddress.of(authSession);
        if (existing == null || !ExistingAddress.refused(authSession)) {
            authenticate(context);
            return;
        }
        Long sentAt = ExistingAddress.noticeSentAt(authSession);
        long remaining = sentAt == null ? 0 : sentAt + cooldownSeconds(context.getRealm()) - Time.currentTime();
        if (remaining > 0) {
            page(context, existing, remaining);
            return;
        }
        sendNotice(context, existing);
    }

    private void sendNotice(AuthenticationFlowContext context, ExistingAddress existing) {
        KeycloakSession session = context.getSession();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        ExistingAddress.markNoticeSent(authSession, Time.currentTime());
        UserModel owner = session.users().getUserById(context.getRealm(), existing.ownerId());
        if (owner != null && owner.getEmail() != null) {
            try {
                ExistingAddressNotice.send(session, context.getRealm(), owner, authSession);
            } catch (EmailException e) {
                // As Keycloak's verify-e-mail step answers when its own e-mail fails.
                LOG.warnf("idnum-registration: the existing-address notice to user %s was not sent: %s", owner.getId(), e.getMessage());
                context.challenge(context.form().setError(Messages.EMAIL_SENT_ERROR)
                        .createErrorPage(Response.Status.INTERNAL_SERVER_ERROR));
                return;
            }
        }
        page(context, existing, null);
    }

    /** Keycloak's verify-e-mail page, for the address alone (never the owner's account). */
    private static void page(AuthenticationFlowContext context, ExistingAddress existing, Long cooldownLeft) {
        context.getAuthenticationSession().setAuthNote(Constants.VERIFY_EMAIL_KEY, existing.address());
        var form = context.form().setUser(new AddressOnlyUser(context.getSession(), context.getRealm(), existing.address()));
        if (cooldownLeft != null) {
            form.setError(Messages.COOLDOWN_VERIFICATION_EMAIL, cooldownLeft);
        }
        context.challenge(form.createResponse(UserModel.RequiredAction.VERIFY_EMAIL));
    }

    /** This step's page, as a browser reaches it with a GET (like a new account's verify-e-mail page). */
    private static URI nextPage(AuthenticationFlowContext context) {
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
        // Nothing to set up: the step acts only for an address that has an account, which it never touches.
    }

    @Override
    public void close() {
        // Stateless.
    }
}
