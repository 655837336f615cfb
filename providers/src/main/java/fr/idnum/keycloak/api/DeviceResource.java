package fr.idnum.keycloak.api;

import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import fr.idnum.keycloak.device.DeviceCredentialModel;
import fr.idnum.keycloak.device.DeviceCredentialProvider;
import fr.idnum.keycloak.device.DeviceStatus;
import fr.idnum.keycloak.enrollment.EnrollmentClient;
import fr.idnum.keycloak.enrollment.EnrollmentStatus;
import fr.idnum.keycloak.push.SignInLock;
import fr.idnum.protocol.DeviceApi;
import fr.idnum.protocol.DeviceClaims;
import fr.idnum.protocol.DeviceProblems;
import fr.idnum.protocol.DeviceRequests;
import fr.idnum.protocol.PinEnvelope;
import fr.idnum.protocol.Platform;
import org.jboss.logging.Logger;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.Urls;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * The device API under {@code /realms/{realm}/idnum/device/} ({@link DeviceApi}): activation with the phone
 * app's access token, then requests signed by the activated phone's key. Every refusal is a problem+json
 * answer and a Keycloak error event; every change is a success event naming the device credential.
 */
public class DeviceResource {

    /** The only client whose tokens may activate a phone (DESIGN.md, "Fixed names"). */
    public static final String APP_CLIENT_ID = "idnum-app";

    static final String DEVICE_LABEL_DETAIL = "device_label";
    static final String ACTION_DETAIL = "idnum_device_action";

    private static final Logger LOG = Logger.getLogger(DeviceResource.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final boolean replaceActiveDevice;

    DeviceResource(KeycloakSession session, boolean replaceActiveDevice) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.replaceActiveDevice = replaceActiveDevice;
    }

    @POST
    @Path("activation")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response activate(InputStream body) {
        EventBuilder event = event(EventType.UPDATE_CREDENTIAL).detail(ACTION_DETAIL, "activation");
        try {
            AuthenticationManager.AuthResult app = appToken();
            event.user(app.user()).client(app.client());
            String jws = SignedBody.read(session, body);
            DeviceActivation.Activated activated = new DeviceActivation(session, realm, replaceActiveDevice)
                    .activate(app.user(), jws, DeviceActivation.audience(issuer()), Instant.now(), event);
            for (String replaced : activated.replaced()) {
                event(EventType.REMOVE_CREDENTIAL).user(app.user()).client(app.client())
                        .detail(Details.CREDENTIAL_TYPE, DeviceCredentialModel.TYPE).detail(Details.CREDENTIAL_ID, replaced)
                        .detail(ACTION_DETAIL, "replaced-by-new-phone").success();
            }
            event.detail(Details.CREDENTIAL_ID, activated.credential().getId())
                    .detail(DEVICE_LABEL_DETAIL, activated.credential().getUserLabel()).success();
            noticeAfterCommit(app.user().getId(), activated.replaced().isEmpty()
                    ? EnrollmentClient.Notice.PHONE_ACTIVATED : EnrollmentClient.Notice.PHONE_REPLACED,
                    activated.credential().getUserLabel());
            return Response.status(Response.Status.CREATED).type(MediaType.APPLICATION_JSON)
                    .header("Cache-Control", "no-store")
                    .entity(DeviceActivation.answer(activated.credential())).build();
        } catch (DeviceProblem problem) {
            return refused(event, problem);
        }
    }

    @POST
    @Path("push-token")
    @Consumes(MediaType.WILDCARD)
    public Response pushToken(InputStream body) {
        EventBuilder event = event(EventType.UPDATE_CREDENTIAL).detail(ACTION_DETAIL, "push-token");
        try {
            SignedRequest request = signed(body, DeviceApi.PUSH_TOKEN, event);
            requireActive(request);
            // With the code: whoever holds only the key cannot send this citizen's sign-in requests elsewhere.
            Optional<Response> wrongPin = wrongPin(request, PinEnvelope.PURPOSE_PUSH_TOKEN, event);
            if (wrongPin.isPresent()) {
                return wrongPin.get();
            }
            String token = request.claims().string(DeviceClaims.PUSH_TOKEN);
            if (token == null || token.isBlank() || token.length() > DeviceClaims.MAX_PUSH_TOKEN_LENGTH) {
                throw DeviceProblem.invalidRequest("'" + DeviceClaims.PUSH_TOKEN + "' is required, at most "
                        + DeviceClaims.MAX_PUSH_TOKEN_LENGTH + " characters.");
            }
            String platformClaim = request.claims().string(DeviceClaims.PLATFORM);
            String platform = platformClaim == null ? request.credential().data().platform()
                    : Platform.fromWire(platformClaim).map(Platform::wireName).orElseThrow(() ->
                    DeviceProblem.invalidRequest("'" + DeviceClaims.PLATFORM + "' must be android or ios."));
            // Only the push token changes, on the phone as stored now (locked): never the copy read with the request,
            // whose failure count or status a concurrent code check may have changed since.
            DeviceCredentialModel device = DeviceLookup.provider(session).lockedCopy(request.user(), request.credential().getId())
                    .orElseThrow(DeviceResource::unknownDevice);
            request.user().credentialManager().updateStoredCredential(device.with(
                    device.data().withPushToken(token, platform).usedAt(request.now().toEpochMilli())));
            event.success();
            return Response.noContent().build();
        } catch (DeviceProblem problem) {
            return refused(event, problem);
        } catch (DeviceRequests.InvalidDeviceRequest e) {
            return refused(event, DeviceProblem.invalidRequest(e.getMessage() + "."));
        }
    }

    @POST
    @Path("deactivation")
    @Consumes(MediaType.WILDCARD)
    public Response deactivate(InputStream body) {
        EventBuilder event = event(EventType.REMOVE_CREDENTIAL).detail(ACTION_DETAIL, "deactivation-by-citizen");
        try {
            SignedRequest request = signed(body, DeviceApi.DEACTIVATION, event);
            // With the code while the phone can sign: whoever holds only the key cannot take the citizen's factor
            // away. A locked phone signs nothing any more; removing it needs no code it can no longer check.
            if (request.credential().data().status() == DeviceStatus.ACTIVE) {
                Optional<Response> wrongPin = wrongPin(request, PinEnvelope.PURPOSE_DEACTIVATION, event);
                if (wrongPin.isPresent()) {
                    return wrongPin.get();
                }
            }
            DeviceLookup.provider(session).deleteCredential(realm, request.user(), request.credential().getId());
            // The label names the phone in the citizen's notice (DeviceRemovalNotices hears this event).
            event.detail(Details.CREDENTIAL_USER_LABEL, request.credential().getUserLabel()).success();
            return Response.noContent().build();
        } catch (DeviceProblem problem) {
            return refused(event, problem);
        }
    }

    @POST
    @Path("pin")
    @Consumes(MediaType.WILDCARD)
    public Response changePin(InputStream body) {
        EventBuilder event = event(EventType.UPDATE_CREDENTIAL).detail(ACTION_DETAIL, "pin-change");
        try {
            SignedRequest request = signed(body, DeviceApi.PIN_CHANGE, event);
            requireActive(request);
            String oldPin = RealmPinKeys.open(session, realm, required(request, DeviceClaims.PIN),
                    PinEnvelope.PURPOSE_PIN_CHANGE_OLD, request.claims(), request.now());
            String newPin = RealmPinKeys.open(session, realm, required(request, DeviceClaims.NEW_PIN),
                    PinEnvelope.PURPOSE_PIN_CHANGE_NEW, request.claims(), request.now());
            DeviceCredentialProvider devices = DeviceLookup.provider(session);
            DeviceCredentialProvider.PinOutcome outcome = devices.checkPin(request.user(), request.credential().getId(), oldPin,
                    request.now().toEpochMilli()).orElseThrow(DeviceResource::unknownDevice);
            if (!outcome.accepted()) {
                return PinFailures.refuse(session, request, outcome, event);
            }
            DeviceActivation.checkPin(newPin, request.user().getFirstAttribute("birthdate"));
            // Still locked by the check above: the new code goes on the phone as just judged.
            DeviceCredentialModel current = outcome.device();
            request.user().credentialManager().updateStoredCredential(current.with(current.data(), devices.newPinVerifier(newPin)));
            event.success();
            return Response.noContent().build();
        } catch (DeviceProblem problem) {
            return refused(event, problem);
        }
    }

    @POST
    @Path("sign-in-unlock")
    @Consumes(MediaType.WILDCARD)
    public Response unlockSignIns(InputStream body) {
        EventBuilder event = event(EventType.UPDATE_CREDENTIAL).detail(ACTION_DETAIL, "sign-in-unlock");
        try {
            SignedRequest request = signed(body, DeviceApi.SIGN_IN_UNLOCK, event);
            requireActive(request);
            Optional<Response> wrongPin = wrongPin(request, PinEnvelope.PURPOSE_SIGN_IN_UNLOCK, event);
            if (wrongPin.isPresent()) {
                return wrongPin.get();
            }
            SignInLock.lift(request.user());
            event.success();
            return Response.noContent().build();
        } catch (DeviceProblem problem) {
            return refused(event, problem);
        }
    }

    @POST
    @Path("challenges/pending")
    @Consumes(MediaType.WILDCARD)
    public Response pendingChallenge(InputStream body) {
        EventBuilder event = event(EventType.LOGIN_ERROR).detail(ACTION_DETAIL, "challenge-fetch");
        try {
            SignedRequest request = signed(body, DeviceApi.PENDING_CHALLENGE, event);
            requireActive(request);
            requireEnrollmentInForce(request);
            return new ChallengeAnswering(session).pending(request, issuer());
        } catch (DeviceProblem problem) {
            return refused(event, problem);
        }
    }

    @POST
    @Path("challenges/answer")
    @Consumes(MediaType.WILDCARD)
    public Response answerChallenge(InputStream body) {
        EventBuilder event = event(EventType.LOGIN_ERROR).detail(ACTION_DETAIL, "challenge-answer");
        try {
            SignedRequest request = signed(body, DeviceApi.CHALLENGE_ANSWER, event);
            requireActive(request);
            requireEnrollmentInForce(request);
            return new ChallengeAnswering(session).answer(request, event);
        } catch (DeviceProblem problem) {
            return refused(event, problem);
        }
    }

    /** A device request whose signature, audience, time and single use were checked, with its device. */
    record SignedRequest(DeviceLookup.Device device, DeviceRequests.Verified claims, Instant now) {
        org.keycloak.models.UserModel user() {
            return device.user();
        }

        DeviceCredentialModel credential() {
            return device.credential();
        }
    }

    private SignedRequest signed(InputStream body, String path, EventBuilder event) {
        String jws = SignedBody.read(session, body);
        Instant now = Instant.now();
        String credentialId;
        try {
            credentialId = DeviceRequests.credentialId(jws);
        } catch (DeviceRequests.InvalidDeviceRequest e) {
            throw DeviceProblem.invalidRequest(e.getMessage() + ".");
        }
        event.detail(Details.CREDENTIAL_TYPE, DeviceCredentialModel.TYPE).detail(Details.CREDENTIAL_ID, credentialId);
        Optional<DeviceLookup.Device> device = DeviceLookup.find(session, realm, credentialId);
        if (device.isEmpty()) {
            throw unknownDevice();
        }
        event.user(device.get().user());
        DeviceRequests.Verified verified;
        try {
            verified = DeviceRequests.verify(jws, device.get().credential().data().publicKey() == null ? null
                            : com.nimbusds.jose.jwk.ECKey.parse(device.get().credential().data().publicKey()),
                    credentialId, DeviceApi.endpoint(issuer(), path), now);
        } catch (DeviceRequests.InvalidDeviceRequest e) {
            throw new DeviceProblem(401, DeviceProblems.INVALID_DEVICE_REQUEST, "Device request refused", e.getMessage() + ".");
        } catch (java.text.ParseException e) {
            LOG.errorf("idnum-device credential %s holds an unreadable key", credentialId);
            throw new DeviceProblem(401, DeviceProblems.INVALID_DEVICE_REQUEST, "Device request refused",
                    "This phone's key cannot be used; activate it again.");
        }
        ReplayGuard.useOnce(session, credentialId, verified, now);
        return new SignedRequest(device.get(), verified, now);
    }

    static DeviceProblem unknownDevice() {
        return new DeviceProblem(401, DeviceProblems.INVALID_DEVICE_REQUEST, "Unknown device",
                "No active phone has this id: it was deactivated, replaced or never activated.");
    }

    /** A suspended (revoked...) citizen's phone neither fetches nor answers sign-in requests. */
    private static void requireEnrollmentInForce(SignedRequest request) {
        if (!EnrollmentStatus.allowsSignIn(request.user())) {
            throw new DeviceProblem(403, DeviceProblems.ENROLLMENT_SUSPENDED, "Enrollment suspended",
                    "This digital identity is suspended: it signs nothing until support lifts the suspension.");
        }
    }

    /**
     * Checks the request's 4-digit code ({@link DeviceClaims#PIN}, sealed for {@code purpose}) against the phone's, a
     * wrong one counting like at sign-in; the refusal to answer when it is wrong, empty when it is right.
     */
    private Optional<Response> wrongPin(SignedRequest request, String purpose, EventBuilder event) {
        String pin = RealmPinKeys.open(session, realm, required(request, DeviceClaims.PIN), purpose, request.claims(), request.now());
        DeviceCredentialProvider.PinOutcome outcome = DeviceLookup.provider(session).checkPin(request.user(),
                request.credential().getId(), pin, request.now().toEpochMilli()).orElseThrow(DeviceResource::unknownDevice);
        return outcome.accepted() ? Optional.empty() : Optional.of(PinFailures.refuse(session, request, outcome, event));
    }

    private static void requireActive(SignedRequest request) {
        if (request.credential().data().status() != DeviceStatus.ACTIVE) {
            throw locked();
        }
    }

    static DeviceProblem locked() {
        return new DeviceProblem(403, DeviceProblems.DEVICE_LOCKED, "Phone locked",
                "Too many wrong 4-digit codes: activate the phone again with a new activation code.");
    }

    private static String required(SignedRequest request, String claim) {
        try {
            String value = request.claims().string(claim);
            if (value == null) {
                throw DeviceProblem.invalidRequest("'" + claim + "' is required.");
            }
            return value;
        } catch (DeviceRequests.InvalidDeviceRequest e) {
            throw DeviceProblem.invalidRequest(e.getMessage() + ".");
        }
    }

    private AuthenticationManager.AuthResult appToken() {
        AuthenticationManager.AuthResult auth = BearerCaller.authenticate(session, realm, "the phone app");
        if (!APP_CLIENT_ID.equals(auth.token().getIssuedFor())) {
            throw new DeviceProblem(403, DeviceProblems.WRONG_CLIENT, "Wrong client",
                    "Only the phone app's access tokens may activate a phone.");
        }
        return auth;
    }

    /**
     * The citizen hears of it only once it is true: the e-mail goes after the transaction committed, and a
     * failure to send it is logged, never undoes the change.
     */
    private void noticeAfterCommit(String userId, EnrollmentClient.Notice notice, String deviceLabel) {
        noticeAfterCommit(session, userId, notice, deviceLabel);
    }

    static void noticeAfterCommit(KeycloakSession session, String userId, EnrollmentClient.Notice notice, String deviceLabel) {
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                session.getProvider(EnrollmentClient.class).notify(userId, notice, deviceLabel);
            }

            @Override
            protected void rollbackImpl() {
                // Nothing happened: nothing to tell.
            }
        });
    }

    private Response refused(EventBuilder event, DeviceProblem problem) {
        event.detail(Details.REASON, problem.type()).error("idnum_device_" + problem.type().replace('-', '_'));
        return problem.toResponse();
    }

    private EventBuilder event(EventType type) {
        return new EventBuilder(realm, session, session.getContext().getConnection()).event(type);
    }

    private URI issuer() {
        return URI.create(Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()));
    }
}
