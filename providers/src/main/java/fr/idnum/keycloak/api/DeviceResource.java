package fr.idnum.keycloak.api;

import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.util.function.Supplier;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import fr.idnum.keycloak.device.DeviceCredentialModel;
import fr.idnum.keycloak.device.DeviceStatus;
import fr.idnum.keycloak.enrollment.EnrollmentClient;
import fr.idnum.keycloak.push.PushEvents;
import fr.idnum.keycloak.push.SignInLock;
import fr.idnum.protocol.DeviceApi;
import fr.idnum.protocol.enrollment.IdentityAttributes;
import fr.idnum.protocol.DeviceClaims;
import fr.idnum.protocol.DeviceProblems;
import fr.idnum.protocol.PinEnvelope;
import fr.idnum.protocol.Platform;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.Urls;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * The device API under {@code /realms/{realm}/idnum/device/} ({@link DeviceApi}): activation with the phone
 * app's access token, then requests signed by the activated phone's key, each read by {@link DeviceRequestReader}
 * and, where the citizen's code is needed, checked by {@link PinCheck}. Every refusal is a {@link DeviceProblem}
 * (problem+json and a Keycloak error event); every change is a success event naming the device credential.
 */
public class DeviceResource {

    /** The only client whose tokens may activate a phone (DESIGN.md, "Fixed names"). */
    public static final String APP_CLIENT_ID = "idnum-app";

    static final String DEVICE_LABEL_DETAIL = "device_label";
    static final String ACTION_DETAIL = PushEvents.DEVICE_ACTION_DETAIL;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final boolean replaceActiveDevice;
    private final Clock clock;
    private final URI issuer;
    private final DeviceRequestReader requests;
    private final PinCheck pins;

    DeviceResource(KeycloakSession session, boolean replaceActiveDevice, Clock clock) {
        this.session = session;
        this.clock = clock;
        this.realm = session.getContext().getRealm();
        this.replaceActiveDevice = replaceActiveDevice;
        this.issuer = URI.create(Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()));
        this.requests = new DeviceRequestReader(new DeviceLookup(session, realm), ReplayGuard.of(session),
                issuer, clock);
        this.pins = PinCheck.of(session, realm);
    }

    @POST
    @Path("activation")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response activate(InputStream body) {
        EventBuilder event = event(EventType.UPDATE_CREDENTIAL, "activation");
        return answer(event, () -> {
            AuthenticationManager.AuthResult app = appToken();
            event.user(app.user()).client(app.client());
            String jws = SignedBody.read(session, body);
            DeviceActivation.Activated activated = new DeviceActivation(session, realm, replaceActiveDevice)
                    .activate(app.user(), jws, DeviceActivation.audience(issuer), clock.instant(), event);
            for (String replaced : activated.replaced()) {
                event(EventType.REMOVE_CREDENTIAL, "replaced-by-new-phone").user(app.user()).client(app.client())
                        .detail(Details.CREDENTIAL_TYPE, DeviceCredentialModel.TYPE).detail(Details.CREDENTIAL_ID, replaced)
                        .success();
            }
            event.detail(Details.CREDENTIAL_ID, activated.credential().getId())
                    .detail(DEVICE_LABEL_DETAIL, activated.credential().getUserLabel()).success();
            CitizenNotices.afterCommit(session).tell(app.user().getId(), activated.replaced().isEmpty()
                    ? EnrollmentClient.Notice.PHONE_ACTIVATED : EnrollmentClient.Notice.PHONE_REPLACED,
                    activated.credential().getUserLabel());
            return Response.status(Response.Status.CREATED).type(MediaType.APPLICATION_JSON)
                    .header("Cache-Control", "no-store")
                    .entity(DeviceActivation.answer(activated.credential())).build();
        });
    }

    @POST
    @Path("push-token")
    @Consumes(MediaType.WILDCARD)
    public Response pushToken(InputStream body) {
        EventBuilder event = event(EventType.UPDATE_CREDENTIAL, "push-token");
        return answer(event, () -> {
            DeviceRequest request = signed(body, DeviceApi.PUSH_TOKEN, event);
            request.requireActive();
            // With the code: whoever holds only the key cannot send this citizen's sign-in requests elsewhere.
            DeviceCredentialModel device = pins.require(request, request.claims().required(DeviceClaims.PIN),
                    PinEnvelope.PURPOSE_PUSH_TOKEN);
            String token = request.claims().pushToken();
            String platform = request.claims().optionalPlatform().map(Platform::wireName).orElse(device.data().platform());
            // Only the push token changes, on the phone as the code check just stored it.
            request.user().credentialManager().updateStoredCredential(device.with(
                    device.data().withPushToken(token, platform).usedAt(request.now().toEpochMilli())));
            event.success();
            return Response.noContent().build();
        });
    }

    @POST
    @Path("deactivation")
    @Consumes(MediaType.WILDCARD)
    public Response deactivate(InputStream body) {
        EventBuilder event = event(EventType.REMOVE_CREDENTIAL, "deactivation-by-citizen");
        return answer(event, () -> {
            DeviceRequest request = signed(body, DeviceApi.DEACTIVATION, event);
            // With the code while the phone can sign: whoever holds only the key cannot take the citizen's factor
            // away. A locked phone signs nothing any more; removing it needs no code it can no longer check.
            if (request.credential().data().status() == DeviceStatus.ACTIVE) {
                pins.require(request, request.claims().required(DeviceClaims.PIN), PinEnvelope.PURPOSE_DEACTIVATION);
            }
            DeviceLookup.provider(session).deleteCredential(realm, request.user(), request.credential().getId());
            // The label names the phone in the citizen's notice (DeviceRemovalNotices hears this event).
            event.detail(Details.CREDENTIAL_USER_LABEL, request.credential().getUserLabel()).success();
            return Response.noContent().build();
        });
    }

    @POST
    @Path("pin")
    @Consumes(MediaType.WILDCARD)
    public Response changePin(InputStream body) {
        EventBuilder event = event(EventType.UPDATE_CREDENTIAL, "pin-change");
        return answer(event, () -> {
            DeviceRequest request = signed(body, DeviceApi.PIN_CHANGE, event);
            request.requireActive();
            // Both envelopes are opened before the old code is judged: an unreadable new one costs no try.
            String oldPin = pins.open(request, request.claims().required(DeviceClaims.PIN), PinEnvelope.PURPOSE_PIN_CHANGE_OLD);
            String newPin = pins.open(request, request.claims().required(DeviceClaims.NEW_PIN), PinEnvelope.PURPOSE_PIN_CHANGE_NEW);
            DeviceCredentialModel current = pins.judge(request, oldPin);
            PinCheck.requireAcceptable(newPin, request.user().getFirstAttribute(IdentityAttributes.BIRTHDATE));
            request.user().credentialManager().updateStoredCredential(
                    current.with(current.data(), DeviceLookup.provider(session).newPinVerifier(newPin)));
            event.success();
            return Response.noContent().build();
        });
    }

    @POST
    @Path("sign-in-unlock")
    @Consumes(MediaType.WILDCARD)
    public Response unlockSignIns(InputStream body) {
        EventBuilder event = event(EventType.UPDATE_CREDENTIAL, "sign-in-unlock");
        return answer(event, () -> {
            DeviceRequest request = signed(body, DeviceApi.SIGN_IN_UNLOCK, event);
            request.requireActive();
            pins.require(request, request.claims().required(DeviceClaims.PIN), PinEnvelope.PURPOSE_SIGN_IN_UNLOCK);
            SignInLock.lift(request.user());
            event.success();
            return Response.noContent().build();
        });
    }

    @POST
    @Path("challenges/pending")
    @Consumes(MediaType.WILDCARD)
    public Response pendingChallenge(InputStream body) {
        EventBuilder event = event(EventType.LOGIN_ERROR, "challenge-fetch");
        return answer(event, () -> {
            DeviceRequest request = signInRequest(body, DeviceApi.PENDING_CHALLENGE, event);
            return new ChallengeAnswering(session, pins).pending(request, issuer);
        });
    }

    @POST
    @Path("challenges/answer")
    @Consumes(MediaType.WILDCARD)
    public Response answerChallenge(InputStream body) {
        EventBuilder event = event(EventType.LOGIN_ERROR, "challenge-answer");
        return answer(event, () -> {
            DeviceRequest request = signInRequest(body, DeviceApi.CHALLENGE_ANSWER, event);
            return new ChallengeAnswering(session, pins).answer(request, event);
        });
    }

    /*
     * Any path or method no endpoint above takes. Without these, Keycloak answers itself, in its own JSON, before any
     * code of ours runs; a literal path of an endpoint above is always preferred to this template.
     */

    private static final String ANY_PATH = "{path: .*}";

    @GET
    @Path(ANY_PATH)
    public Response getNotOffered(@PathParam("path") String path) {
        return DeviceRoutes.refusal("GET", path).toResponse();
    }

    @POST
    @Path(ANY_PATH)
    @Consumes(MediaType.WILDCARD)
    public Response postNotOffered(@PathParam("path") String path) {
        return DeviceRoutes.refusal("POST", path).toResponse();
    }

    @PUT
    @Path(ANY_PATH)
    @Consumes(MediaType.WILDCARD)
    public Response putNotOffered(@PathParam("path") String path) {
        return DeviceRoutes.refusal("PUT", path).toResponse();
    }

    @PATCH
    @Path(ANY_PATH)
    @Consumes(MediaType.WILDCARD)
    public Response patchNotOffered(@PathParam("path") String path) {
        return DeviceRoutes.refusal("PATCH", path).toResponse();
    }

    @DELETE
    @Path(ANY_PATH)
    public Response deleteNotOffered(@PathParam("path") String path) {
        return DeviceRoutes.refusal("DELETE", path).toResponse();
    }

    private DeviceRequest signed(InputStream body, String path, EventBuilder event) {
        return requests.read(SignedBody.read(session, body), path, DeviceRequestReader.Trail.of(event));
    }

    /** A request about a sign-in: from an active phone of a citizen whose enrollment is in force. */
    private DeviceRequest signInRequest(InputStream body, String path, EventBuilder event) {
        DeviceRequest request = signed(body, path, event);
        request.requireActive();
        request.requireEnrollmentInForce();
        return request;
    }

    private AuthenticationManager.AuthResult appToken() {
        AuthenticationManager.AuthResult auth = BearerCaller.authenticate(session, realm, "the phone app");
        if (!APP_CLIENT_ID.equals(auth.token().getIssuedFor())) {
            throw new DeviceProblem(403, DeviceProblems.WRONG_CLIENT, "Wrong client",
                    "Only the phone app's access tokens may activate a phone.");
        }
        return auth;
    }

    /** The endpoint's answer, or its refusal (and the refusal's event) when one is thrown on the way. */
    private static Response answer(EventBuilder event, Supplier<Response> endpoint) {
        try {
            return endpoint.get();
        } catch (DeviceProblem problem) {
            return problem.refuse(event);
        }
    }

    private EventBuilder event(EventType type, String action) {
        return new EventBuilder(realm, session, session.getContext().getConnection()).event(type).detail(ACTION_DETAIL, action);
    }
}
