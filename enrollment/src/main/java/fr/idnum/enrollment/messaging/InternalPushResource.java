package fr.idnum.enrollment.messaging;

import java.time.Duration;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;
import fr.idnum.protocol.DeviceClaims;
import fr.idnum.protocol.enrollment.InternalApi;
import fr.idnum.enrollment.problem.Problem;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Called by Keycloak's push authenticator (client credentials) to wake the citizen's phone for a sign-in
 * challenge. Keycloak keeps the device's token; this service owns the link to FCM and its credentials.
 */
@Path(InternalApi.PUSH)
@RolesAllowed(InternalPushResource.ROLE)
@Produces(MediaType.APPLICATION_JSON)
public class InternalPushResource {

    /** Realm role of Keycloak's service account for this API. */
    public static final String ROLE = "push-sender";

    /**
     * The push to send. The challenge id is restricted to an opaque identifier so that nothing readable
     * (a name, a relying party) can be slipped into what goes through Google and Apple.
     */
    public record PushRequest(
            @NotNull @Size(max = 4096) @Pattern(regexp = DeviceClaims.PUSH_TOKEN_PATTERN, message = "must be an FCM registration token")
            String registrationToken,
            @NotNull PushMessage.Platform platform,
            @NotNull @Pattern(regexp = "^[A-Za-z0-9_\\-]{8,128}$", message = "must be an opaque id of 8 to 128 letters, digits, '-' or '_'")
            String challengeId,
            @NotNull @Min(1) @Max(600) Integer ttlSeconds) {
    }

    /** The push service took the push. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PushAccepted(PushOutcome.Status outcome, String messageId) {
    }

    private final PushSender push;

    InternalPushResource(PushSender push) {
        this.push = push;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Push a sign-in challenge to the citizen's phone app (data-only: the challenge id, nothing personal)")
    @APIResponse(responseCode = "202", description = "Accepted by the push service (delivery to the phone is not acknowledged)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PushAccepted.class)))
    @APIResponse(responseCode = "400", description = "Invalid request, or the push service rejected the message or token as malformed",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "403", description = "The caller is not Keycloak's service account")
    @APIResponse(responseCode = "410", description = "The registration token is no longer valid: mark it stale until the app sends a new one",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "429", description = "Push quota spent; Retry-After when the push service gave one",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "502", description = "The push service refused us (configuration): the citizen has to open the app",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "503", description = "Push service unavailable; Retry-After when it gave one",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public RestResponse<PushAccepted> send(@Valid @NotNull PushRequest request) {
        PushOutcome outcome = push.send(new PushMessage(request.registrationToken(), request.platform(),
                request.challengeId(), Duration.ofSeconds(request.ttlSeconds())));
        return switch (outcome.status()) {
            case DELIVERED -> RestResponse.status(Response.Status.ACCEPTED,
                    new PushAccepted(outcome.status(), outcome.messageId()));
            case UNREGISTERED_TOKEN -> throw new PushNotDeliveredException(410, InternalApi.PUSH_TOKEN_UNREGISTERED,
                    "Registration token no longer valid", "The push service no longer knows this registration token:"
                    + " mark it stale until the app registers a new one.", null);
            case QUOTA_EXCEEDED -> throw new PushNotDeliveredException(429, "push-quota-exceeded", "Push quota exceeded",
                    "The push quota is spent for now; the citizen can open the app to answer.", outcome.retryAfter());
            case UNAVAILABLE -> throw new PushNotDeliveredException(503, "push-unavailable", "Push service unavailable",
                    "The push service is unavailable; the citizen can open the app to answer.", outcome.retryAfter());
            case INVALID_ARGUMENT -> throw new PushNotDeliveredException(400, "push-rejected", "Push rejected",
                    "The push service rejected this message or registration token as malformed.", null);
            case FAILED -> throw new PushNotDeliveredException(502, "push-failed", "Push failed",
                    "The push service refused the push (see the service log); the citizen can open the app to answer.", null);
        };
    }
}
