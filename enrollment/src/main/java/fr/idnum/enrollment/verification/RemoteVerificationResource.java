package fr.idnum.enrollment.verification;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import fr.idnum.enrollment.activation.ActivationCodeDelivery;
import fr.idnum.enrollment.problem.Problem;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The remote verification provider's callback. No bearer token: the body is a JWS signed with the
 * provider's key, which is the caller's authentication (see {@link RemoteVerificationCallback}).
 */
@Path("/api/v1/verification/remote/callback")
@PermitAll
// Every operation reads or writes the database: 503 service-unavailable when it cannot be reached.
@APIResponse(responseCode = "503", ref = "ServiceUnavailable")
public class RemoteVerificationResource {

    private final RemoteVerificationCallback callback;
    private final VerificationService verification;
    private final RemoteVerificationConfig config;
    private final ActivationCodeDelivery delivery;

    RemoteVerificationResource(RemoteVerificationCallback callback, VerificationService verification,
                               RemoteVerificationConfig config, ActivationCodeDelivery delivery) {
        this.callback = callback;
        this.verification = verification;
        this.config = config;
        this.delivery = delivery;
    }

    @POST
    @Consumes({"application/jose", "application/jwt", MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Result of a remote identity check, as a JWS signed by the verification provider")
    @APIResponse(responseCode = "204", description = "Applied; when verified, the activation code goes to the citizen by registered electronic letter")
    @APIResponse(responseCode = "400", description = "Not a compact JWS, or claims missing/malformed", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "401", description = "Bad signature, wrong issuer or audience, or iat outside the window", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "Unknown enrollment", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Replayed jti, or the enrollment is not awaiting a remote check", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "503", ref = "MessageNotSent")
    public Response receive(@NotBlank @Size(max = 16384) String compactJws) {
        RemoteVerificationCallback.Verdict verdict = callback.read(compactJws.trim());
        VerificationService.RemoteOutcome outcome = verification.recordRemote(verdict, config.issuer());
        outcome.activationCode().ifPresent(delivery::deliver);
        return Response.noContent().build();
    }
}
