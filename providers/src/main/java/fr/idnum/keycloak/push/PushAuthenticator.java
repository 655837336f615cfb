package fr.idnum.keycloak.push;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import fr.idnum.keycloak.delivery.SenderPool;
import fr.idnum.keycloak.device.DeviceCredentialModel;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.events.Details;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The {@code eidas2} step: the citizen approves a push notification on their activated phone, typing the
 * two-digit number the browser shows and their 4-digit code. The browser waits on our page, which asks the
 * status endpoint ({@code /realms/{realm}/idnum/push/status}) whether the phone answered and then submits
 * itself; without JavaScript, the citizen presses "J'ai validé". The phone fetches and answers the challenge
 * through the device API, which checks the signature, the number and the code; this step only reads the
 * outcome from the cluster-wide {@link ChallengeStore}. It conducts: the {@link SignInGate} says whether the
 * sign-in may go on, the {@link ChallengeIssuer} makes the challenge, {@link PushDelivery} sends it and
 * {@link PushPage} is what the page shows.
 */
public class PushAuthenticator implements Authenticator {

    private final Clock clock;
    private final ChallengeIssuer issuer;
    private final SenderPool senders;

    PushAuthenticator(Clock clock, ChallengeIssuer issuer, SenderPool senders) {
        this.clock = clock;
        this.issuer = issuer;
        this.senders = senders;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        if (user != null) {
            context.getEvent().user(user);
        }
        SignInGate.Outcome outcome = gate(context).atStart(user);
        if (outcome instanceof SignInGate.Refused refused) {
            refuse(context, refused, null);
            return;
        }
        startChallenge(context, ((SignInGate.Open) outcome).device());
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (form.containsKey("cancel")) {
            // Back to the relying party with error=access_denied, as OIDC expects for an aborted login.
            context.cancelLogin();
            return;
        }
        UserModel user = context.getUser();
        if (user != null) {
            // Every event of this step names the citizen, for their audit trail and fraud reports.
            context.getEvent().user(user);
        }
        ChallengeStore store = new ChallengeStore(context.getSession());
        Challenge onPage = user == null ? null : store.get(context.getAuthenticationSession().getAuthNote(ChallengeStore.CHALLENGE_NOTE))
                .filter(c -> c.userId().equals(user.getId())).orElse(null);
        SignInGate.Outcome outcome = gate(context).atAction(user, onPage);
        if (outcome instanceof SignInGate.Refused refused) {
            refuse(context, refused, onPage);
            return;
        }
        DeviceCredentialModel device = ((SignInGate.Open) outcome).device();
        if (form.containsKey("retry")) {
            startChallenge(context, device);
            return;
        }
        if (onPage == null) {
            fail(context, null, PushEvents.EXPIRED_EVENT_ERROR, PushPage.State.EXPIRED);
            return;
        }
        context.getEvent().detail(PushEvents.CHALLENGE_DETAIL, onPage.id()).detail(Details.CREDENTIAL_ID, onPage.credentialId())
                .detail(Details.CREDENTIAL_TYPE, DeviceCredentialModel.TYPE);
        if (form.containsKey("fraud") && onPage.status() == ChallengeStatus.DENIED) {
            context.getEvent().detail(Details.REASON, "citizen reports an unsolicited sign-in").error(PushEvents.FRAUD_REPORTED_EVENT_ERROR);
            context.cancelLogin();
            return;
        }
        Instant now = clock.instant();
        Challenge challenge = store.settle(onPage, now);
        switch (challenge.status()) {
            case PENDING -> {
                String message = "idnumPushNotYetApproved";
                if (form.containsKey("resend")) {
                    message = switch (delivery(context).resend(challenge, device, now,
                            new PushConfig(context.getAuthenticatorConfig()).resendInterval())) {
                        case PUSHING -> "idnumPushResent";
                        case TOO_SOON -> "idnumPushResendTooSoon";
                        // The page's own notice already says the notification cannot be sent: open the app.
                        case TOKEN_UNREGISTERED -> null;
                    };
                }
                context.challenge(page(context, PushPage.State.WAITING, challenge, message));
            }
            case APPROVED -> approved(context, challenge, device);
            case DENIED -> fail(context, challenge, PushEvents.DENIED_EVENT_ERROR, PushPage.State.DENIED);
            case WRONG_NUMBER -> fail(context, challenge, PushEvents.WRONG_NUMBER_EVENT_ERROR, PushPage.State.WRONG_NUMBER);
            case LOCKED -> fail(context, challenge, PushEvents.LOCKED_EVENT_ERROR, PushPage.State.LOCKED);
            case SUPERSEDED -> fail(context, challenge, PushEvents.SUPERSEDED_EVENT_ERROR, PushPage.State.SUPERSEDED);
            case EXPIRED -> fail(context, challenge, PushEvents.EXPIRED_EVENT_ERROR, PushPage.State.EXPIRED);
        }
    }

    private void approved(AuthenticationFlowContext context, Challenge challenge, DeviceCredentialModel device) {
        if (!device.getId().equals(challenge.credentialId())) {
            // Approved by a phone that was replaced or removed since: that phone no longer signs for anyone.
            fail(context, challenge, PushEvents.NO_DEVICE_EVENT_ERROR, PushPage.State.EXPIRED);
            return;
        }
        context.getAuthenticationSession().removeAuthNote(ChallengeStore.CHALLENGE_NOTE);
        context.success();
    }

    private void startChallenge(AuthenticationFlowContext context, DeviceCredentialModel device) {
        PushConfig config = new PushConfig(context.getAuthenticatorConfig());
        Optional<SignInGate.Refused> overLimit = gate(context).takeRequest(context.getConnection().getRemoteAddr(),
                context.getUser(), config);
        if (overLimit.isPresent()) {
            refuse(context, overLimit.get(), null);
            return;
        }
        ChallengeStore store = new ChallengeStore(context.getSession());
        Challenge challenge = issuer.issue(ChallengeIssuer.SignIn.of(context, device), config, store.current(device.getId()));
        store.create(challenge, challenge.requestedAt());
        context.getAuthenticationSession().setAuthNote(ChallengeStore.CHALLENGE_NOTE, challenge.id());
        delivery(context).send(challenge, device, challenge.requestedAt());
        context.getEvent().detail(PushEvents.CHALLENGE_DETAIL, challenge.id()).detail(Details.CREDENTIAL_ID, device.getId());
        context.challenge(page(context, PushPage.State.WAITING, challenge, null));
    }

    private void refuse(AuthenticationFlowContext context, SignInGate.Refused refused, Challenge onPage) {
        if (refused.reason() != null) {
            context.getEvent().detail(Details.REASON, refused.reason());
        }
        context.getEvent().error(refused.refusal().eventError());
        PushPage.State state = refused.refusal().page();
        context.challenge(state == null ? context.form().createForm(PushPage.NO_DEVICE_TEMPLATE) : page(context, state, onPage, null));
    }

    private void fail(AuthenticationFlowContext context, Challenge challenge, String error, PushPage.State state) {
        context.getEvent().error(error);
        context.challenge(page(context, state, challenge, null));
    }

    private Response page(AuthenticationFlowContext context, PushPage.State state, Challenge challenge, String message) {
        LoginFormsProvider form = context.form().setAttribute(PushPage.ATTRIBUTE, PushPage.of(context, state, challenge, clock.instant()));
        if (message != null) {
            form.setInfo(message);
        }
        return form.createForm(PushPage.TEMPLATE);
    }

    private static SignInGate gate(AuthenticationFlowContext context) {
        return new SignInGate(new RequestLimits(context.getSession()));
    }

    private PushDelivery delivery(AuthenticationFlowContext context) {
        return new PushDelivery(context.getSession(), context.getAuthenticationSession(), senders::submit);
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
        return SignInGate.activeDevice(user).isPresent();
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
