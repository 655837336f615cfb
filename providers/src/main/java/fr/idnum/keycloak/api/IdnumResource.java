package fr.idnum.keycloak.api;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import fr.idnum.keycloak.logout.EncryptedIdTokenHint;
import fr.idnum.keycloak.push.PushPage;
import fr.idnum.protocol.DeviceProblems;
import fr.idnum.protocol.enrollment.InternalApi;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.OIDCLoginProtocolService;

/**
 * The realm's {@code /idnum} resource: the device API of the phone app ({@link DeviceResource}), the enrollment
 * service's status updates ({@link EnrollmentStatusUpdate}), the public status ({@link ServiceStatus}), the
 * hub's way back ({@link HubReturn}), and the
 * end-session endpoint we advertise, a front door to Keycloak's own that also accepts the encrypted ID tokens
 * we issued as {@code id_token_hint} instead of failing on them (see {@link EncryptedIdTokenHint}).
 * Everything else about logout stays Keycloak's.
 */
public class IdnumResource {

    public static final String LOGOUT_PATH = "logout";
    static final String ENCRYPTED_HINT_DETAIL = "id_token_hint_encrypted";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final boolean replaceActiveDevice;
    private final Clock clock;
    private final WaitingBrowsers<PushStatus.Answer> waitingBrowsers;

    IdnumResource(KeycloakSession session, boolean replaceActiveDevice, Clock clock, WaitingBrowsers<PushStatus.Answer> waitingBrowsers) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.replaceActiveDevice = replaceActiveDevice;
        this.clock = clock;
        this.waitingBrowsers = waitingBrowsers;
    }

    /**
     * The push waiting page asks here whether the phone answered (its own sign-in only, by session cookie). With
     * {@code wait=true} the request is held until there is news for a page that knows {@code push_failed}, or the
     * hold ends (long-poll); without, it is answered at once.
     */
    @GET
    @Path(PushPage.STATUS_PATH)
    @Produces(MediaType.APPLICATION_JSON)
    public void pushStatus(@QueryParam("client_id") String clientId, @QueryParam("tab_id") String tabId,
                           @QueryParam("wait") boolean wait, @QueryParam("push_failed") boolean knownPushFailed,
                           @Suspended AsyncResponse response) {
        if (wait) {
            PushStatus.await(session, clientId, tabId, knownPushFailed, clock, waitingBrowsers, response);
        } else {
            response.resume(PushStatus.of(session, clientId, tabId, clock.instant()));
        }
    }

    /** The public status of the service: Keycloak up, enrollment service reachable (no secrets, no versions). */
    @GET
    @Path(ServiceStatus.PATH)
    @Produces(MediaType.APPLICATION_JSON)
    public Response status() {
        return ServiceStatus.of(session);
    }

    /** "Retour sur FranceConnect": ends the hub's sign-in in this browser, back to the hub with access_denied. */
    @GET
    @Path(HubReturn.PATH)
    public Response hubReturn(@QueryParam("client_id") String clientId, @QueryParam("tab_id") String tabId) {
        return HubReturn.of(session, clientId, tabId);
    }

    /** The enrollment service's propagation: the status of one citizen's enrollment (its service account only). */
    @PUT
    @Path(InternalApi.KEYCLOAK_ENROLLMENT_STATUS + "/{userId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response enrollmentStatus(@PathParam("userId") String userId, Map<String, Object> body) {
        return new EnrollmentStatusUpdate(session).apply(userId, body);
    }

    /** The phone app's API: activation, then requests signed by the phone's key. */
    @Path("device")
    public DeviceResource device() {
        return new DeviceResource(session, replaceActiveDevice, clock);
    }

    @GET
    @Path(LOGOUT_PATH)
    public Response logout() {
        return forwardToKeycloak(session.getContext().getUri().getQueryParameters());
    }

    @POST
    @Path(LOGOUT_PATH)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response logoutByForm() {
        return forwardToKeycloak(session.getContext().getHttpRequest().getDecodedFormParameters());
    }

    /*
     * Any other path under /realms/{realm}/idnum/: our not-found problem, as the device API answers, rather than
     * Keycloak's own error answer. A literal path above (and the
     * device API's locator) is always preferred to this template.
     */

    private static final String ANY_PATH = "{path: .*}";

    @GET
    @Path(ANY_PATH)
    public Response getNothing() {
        return nothingHere();
    }

    @POST
    @Path(ANY_PATH)
    @Consumes(MediaType.WILDCARD)
    public Response postNothing() {
        return nothingHere();
    }

    @PUT
    @Path(ANY_PATH)
    @Consumes(MediaType.WILDCARD)
    public Response putNothing() {
        return nothingHere();
    }

    @DELETE
    @Path(ANY_PATH)
    public Response deleteNothing() {
        return nothingHere();
    }

    private static Response nothingHere() {
        return new DeviceProblem(404, DeviceProblems.NOT_FOUND, "Not found", "Identité Numérique has no endpoint at this path.")
                .toResponse();
    }

    private Response forwardToKeycloak(MultivaluedMap<String, String> parameters) {
        UriBuilder target = OIDCLoginProtocolService.logoutUrl(session.getContext().getUri().getBaseUriBuilder());
        String hint = parameters.getFirst(OIDCLoginProtocol.ID_TOKEN_HINT);
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            if (!parameter.getKey().equals(OIDCLoginProtocol.ID_TOKEN_HINT)) {
                parameter.getValue().forEach(value -> target.queryParam(parameter.getKey(), value));
            }
        }
        if (EncryptedIdTokenHint.isEncrypted(hint)) {
            String requestedClientId = parameters.getFirst(OIDCLoginProtocol.CLIENT_ID_PARAM);
            var client = new EncryptedIdTokenHint(session, realm).client(hint, requestedClientId,
                    parameters.getFirst(OIDCLoginProtocol.POST_LOGOUT_REDIRECT_URI_PARAM));
            if (requestedClientId == null) {
                client.ifPresent(c -> target.queryParam(OIDCLoginProtocol.CLIENT_ID_PARAM, c.getClientId()));
            }
            recordEncryptedHint(client.map(c -> c.getClientId()).orElse("unknown"));
        } else if (hint != null) {
            target.queryParam(OIDCLoginProtocol.ID_TOKEN_HINT, hint);
        }
        URI location = target.build(realm.getName());
        return Response.seeOther(location).build();
    }

    /** Audit trail of logouts whose hint could not be verified (Keycloak then asks for confirmation). */
    private void recordEncryptedHint(String clientId) {
        new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.LOGOUT)
                .detail(ENCRYPTED_HINT_DETAIL, "true")
                .detail(Details.REASON, "encrypted id_token_hint cannot be verified; forwarded without it for client " + clientId)
                .error("unverifiable_id_token_hint");
    }
}
