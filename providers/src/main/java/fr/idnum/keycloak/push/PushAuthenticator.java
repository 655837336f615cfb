package fr.idnum.keycloak.push;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import fr.idnum.keycloak.device.DeviceCredentialModel;
import fr.idnum.keycloak.device.DeviceStatus;
import fr.idnum.keycloak.enrollment.EnrollmentClient;
import fr.idnum.keycloak.enrollment.EnrollmentStatus;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The {@code eidas2} step: the citizen approves a push notification on their activated phone, typing the
 * two-digit number the browser shows and their 4-digit code. The browser waits on our page, which asks the
 * status endpoint ({@code /realms/{realm}/idnum/push/status}) whether the phone answered and then submits
 * itself; without JavaScript, the citizen presses "J'ai validé". The phone fetches and answers the challenge
 * through the device API, which checks the signature, the number and the code; this step only reads the
 * outcome from the cluster-wide {@link ChallengeStore}.
 */
public class PushAuthenticator implements Authenticator {

    /** Credential type of an activated phone (see DESIGN.md, "Fixed names"). */
    public static final String DEVICE_CREDENTIAL_TYPE = DeviceCredentialModel.TYPE;

    public static final String NO_DEVICE_TEMPLATE = "idnum-no-device.ftl";
    public static final String PUSH_TEMPLATE = "idnum-push.ftl";
    public static final String CHALLENGE_NOTE = "idnum.push.challenge";
    static final String LAST_PUSH_NOTE = "idnum.push.last-push";

    private final Clock clock;
    private final ChallengeIssuer issuer;

    PushAuthenticator(Clock clock, ChallengeIssuer issuer) {
        this.clock = clock;
        this.issuer = issuer;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        if (user == null) {
            // An identifier that matched no account gets exactly what an account without a phone gets.
            context.getEvent().error(Errors.USER_NOT_FOUND);
            context.challenge(context.form().createForm(NO_DEVICE_TEMPLATE));
            return;
        }
        // No phone first: an account without one (whatever its lock or status) looks exactly like no account.
        Optional<DeviceCredentialModel> device = activeDevice(user);
        if (device.isEmpty()) {
            context.getEvent().user(user).error(PushEvents.NO_DEVICE_EVENT_ERROR);
            context.challenge(context.form().createForm(NO_DEVICE_TEMPLATE));
            return;
        }
        context.getEvent().user(user);
        if (barred(context, user, null)) {
            return;
        }
        startChallenge(context, device.get());
    }

    /**
     * Refuses the step when the enrollment is not in force (suspended, revoked... by the enrollment service).
     * Checked when the step starts and again at every action (new challenge, approval): a suspension that comes
     * while a sign-in page is open applies at once. Keycloak's brute-force lock is not consulted: it counts wrong
     * passwords, which anyone who knows the identifier can type, and must not keep the citizen off the phone step,
     * whose own counter (three wrong 4-digit codes lock the phone) is on the credential.
     */
    private boolean barred(AuthenticationFlowContext context, UserModel user, Challenge challenge) {
        if (SignInLock.holds(user)) {
            // The citizen said "this was not me": nobody signs in as them until they (or support) lift it.
            context.getEvent().detail(Details.REASON, user.getFirstAttribute(SignInLock.ATTRIBUTE)).error(PushEvents.SIGN_IN_LOCKED_EVENT_ERROR);
            context.challenge(page(context, PushPage.State.SIGN_IN_LOCKED, challenge).createForm(PUSH_TEMPLATE));
            return true;
        }
        if (!EnrollmentStatus.allowsSignIn(user)) {
            // Suspended by the enrollment service: the phone signs nothing until the citizen is reinstated.
            context.getEvent().detail(Details.REASON, user.getFirstAttribute(EnrollmentStatus.ATTRIBUTE))
                    .error(PushEvents.SUSPENDED_EVENT_ERROR);
            context.challenge(page(context, PushPage.State.SUSPENDED, challenge).createForm(PUSH_TEMPLATE));
            return true;
        }
        return false;
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
        Instant now = clock.instant();
        ChallengeStore store = new ChallengeStore(context.getSession());
        Optional<Challenge> found = user == null ? Optional.empty()
                : store.get(context.getAuthenticationSession().getAuthNote(CHALLENGE_NOTE)).filter(c -> c.userId().equals(user.getId()));
        if (found.isPresent() && found.get().status() == ChallengeStatus.LOCKED) {
            // The phone locked on this very challenge: say so, rather than "no phone".
            fail(context, found.get(), PushEvents.LOCKED_EVENT_ERROR, PushPage.State.LOCKED);
            return;
        }
        Optional<DeviceCredentialModel> device = user == null ? Optional.empty() : activeDevice(user);
        if (device.isEmpty()) {
            context.getEvent().error(PushEvents.NO_DEVICE_EVENT_ERROR);
            context.challenge(context.form().createForm(NO_DEVICE_TEMPLATE));
            return;
        }
        if (barred(context, user, found.orElse(null))) {
            return;
        }
        if (form.containsKey("retry")) {
            startChallenge(context, device.get());
            return;
        }
        if (found.isEmpty()) {
            fail(context, null, PushEvents.EXPIRED_EVENT_ERROR, PushPage.State.EXPIRED);
            return;
        }
        Challenge challenge = found.get();
        context.getEvent().detail(PushEvents.CHALLENGE_DETAIL, challenge.id()).detail(Details.CREDENTIAL_ID, challenge.credentialId())
                .detail(Details.CREDENTIAL_TYPE, DEVICE_CREDENTIAL_TYPE);
        if (form.containsKey("fraud") && challenge.status() == ChallengeStatus.DENIED) {
            context.getEvent().detail(Details.REASON, "citizen reports an unsolicited sign-in").error(PushEvents.FRAUD_REPORTED_EVENT_ERROR);
            context.cancelLogin();
            return;
        }
        challenge = store.settle(challenge, now);
        switch (challenge.status()) {
            case PENDING -> {
                String message = "idnumPushNotYetApproved";
                if (form.containsKey("resend")) {
                    message = resend(context, challenge, device.get(), now) ? "idnumPushResent" : "idnumPushResendTooSoon";
                }
                context.challenge(waitingPage(context, challenge, message));
            }
            case APPROVED -> approved(context, challenge, device.get());
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
        context.getAuthenticationSession().removeAuthNote(CHALLENGE_NOTE);
        context.success();
    }

    private void fail(AuthenticationFlowContext context, Challenge challenge, String error, PushPage.State state) {
        context.getEvent().error(error);
        context.challenge(page(context, state, challenge).createForm(PUSH_TEMPLATE));
    }

    private void startChallenge(AuthenticationFlowContext context, DeviceCredentialModel device) {
        PushConfig config = new PushConfig(context.getAuthenticatorConfig());
        ChallengeStore store = new ChallengeStore(context.getSession());
        // The source first: a party over its own limit does not use up the citizen's requests.
        RequestLimits limits = new RequestLimits(context.getSession());
        RequestLimits.Scope exhausted = !limits.take(RequestLimits.Scope.SOURCE, context.getConnection().getRemoteAddr(),
                config.maxChallengesPerSource()) ? RequestLimits.Scope.SOURCE
                : !limits.take(RequestLimits.Scope.CITIZEN, context.getUser().getId(), config.maxChallengesPerQuarterHour())
                ? RequestLimits.Scope.CITIZEN : null;
        if (exhausted != null) {
            // Push fatigue: whoever keeps asking, the phone is not flooded until the citizen gives in.
            context.getEvent().detail(Details.REASON, "request limit per " + exhausted.wireName()).error(PushEvents.RATE_LIMITED_EVENT_ERROR);
            context.challenge(page(context, PushPage.State.TOO_MANY_REQUESTS, null).createForm(PUSH_TEMPLATE));
            return;
        }
        Challenge challenge = issuer.issue(ChallengeIssuer.SignIn.of(context, device), config, store.current(device.getId()));
        store.create(challenge, challenge.requestedAt());
        context.getAuthenticationSession().setAuthNote(CHALLENGE_NOTE, challenge.id());
        push(context, challenge, device, challenge.requestedAt());
        context.getEvent().detail(PushEvents.CHALLENGE_DETAIL, challenge.id()).detail(Details.CREDENTIAL_ID, device.getId());
        context.challenge(waitingPage(context, challenge, null));
    }

    /** Pushes the same challenge again, at most once per resend interval; returns whether it did. */
    private boolean resend(AuthenticationFlowContext context, Challenge challenge, DeviceCredentialModel device, Instant now) {
        String last = context.getAuthenticationSession().getAuthNote(LAST_PUSH_NOTE);
        Duration interval = new PushConfig(context.getAuthenticatorConfig()).resendInterval();
        if (last != null && now.isBefore(Instant.ofEpochMilli(Long.parseLong(last)).plus(interval))) {
            return false;
        }
        push(context, challenge, device, now);
        return true;
    }

    /**
     * Best effort within the enrollment service's push timeout; the app can still pull the challenge itself. Sent
     * once this request's transaction committed, which is when the store writes the challenge: a phone quick to
     * fetch it must find it. A failure is recorded for the page (and its status endpoint) to say so.
     */
    private void push(AuthenticationFlowContext context, Challenge challenge, DeviceCredentialModel device, Instant now) {
        long ttl = Math.max(1, Duration.between(now, challenge.expiresAt()).getSeconds());
        KeycloakSession session = context.getSession();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                boolean sent = session.getProvider(EnrollmentClient.class)
                        .push(device.data().pushToken(), device.data().platform(), challenge.id(), ttl);
                if (!sent) {
                    new ChallengeStore(session).markPushFailed(challenge, now);
                }
            }

            @Override
            protected void rollbackImpl() {
                // No challenge was stored: nothing to push.
            }
        });
        context.getAuthenticationSession().setAuthNote(LAST_PUSH_NOTE, Long.toString(now.toEpochMilli()));
    }

    private Response waitingPage(AuthenticationFlowContext context, Challenge challenge, String message) {
        LoginFormsProvider form = page(context, PushPage.State.WAITING, challenge);
        if (message != null) {
            form.setInfo(message);
        }
        return form.createForm(PUSH_TEMPLATE);
    }

    private LoginFormsProvider page(AuthenticationFlowContext context, PushPage.State state, Challenge challenge) {
        PushConfig config = new PushConfig(context.getAuthenticatorConfig());
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        URI status = context.getSession().getContext().getUri().getBaseUriBuilder()
                .path("realms").path(context.getRealm().getName()).path("idnum").path("push").path("status")
                .queryParam("client_id", authSession.getClient().getClientId())
                .queryParam("tab_id", authSession.getTabId())
                .build();
        boolean pushFailed = challenge != null && new ChallengeStore(context.getSession()).pushFailed(challenge.id());
        return context.form().setAttribute("idnumPush", new PushPage(state, challenge, status.toString(),
                config.pollingIntervalMillis(), pushFailed));
    }

    static Optional<DeviceCredentialModel> activeDevice(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(DEVICE_CREDENTIAL_TYPE)
                .map(DeviceCredentialModel::from)
                .filter(device -> device.data().status() == DeviceStatus.ACTIVE)
                .findFirst();
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
        return activeDevice(user).isPresent();
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
