package fr.idnum.enrollment.activation;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import fr.idnum.enrollment.onetimecode.Issue;
import fr.idnum.enrollment.onetimecode.OneTimeCodeProblems;
import fr.idnum.enrollment.problem.Problem;
import io.quarkus.security.Authenticated;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The citizen lost their activation code ("Renvoi du code" in the seeds): a new one replaces it. */
@Path("/api/v1/enrollments/current/activation-code/resend")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
// Every operation reads or writes the database: 503 service-unavailable when it cannot be reached.
@APIResponse(responseCode = "503", ref = "ServiceUnavailable")
public class ActivationCodeResource {

    private final ActivationService activation;
    private final ActivationCodeDelivery delivery;
    private final JsonWebToken token;

    ActivationCodeResource(ActivationService activation, ActivationCodeDelivery delivery, JsonWebToken token) {
        this.activation = activation;
        this.delivery = delivery;
        this.token = token;
    }

    @POST
    @Operation(summary = "Send a new activation code (the previous one stops working), by SMS or, after a remote check, by registered electronic letter;"
            + " by letter to the verified address, with a new cooling-off, when the code in force had been posted")
    @APIResponse(responseCode = "202", description = "A new code is on its way")
    @APIResponse(responseCode = "401", description = "No valid access token")
    @APIResponse(responseCode = "404", description = "No enrollment", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "No activation code can be sent in this state", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "429", description = "Too soon after the previous code (Retry-After), or no more codes",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "503", ref = "MessageNotSent")
    public Response resend() {
        Issue<CodeDelivery> resend = activation.resend(token.getSubject());
        if (resend instanceof Issue.Send<CodeDelivery> send) {
            delivery.deliver(send.message());
            return Response.accepted().build();
        }
        throw OneTimeCodeProblems.refusal(resend, ActivationService.WORDING);
    }
}
