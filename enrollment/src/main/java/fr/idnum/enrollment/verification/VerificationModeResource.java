package fr.idnum.enrollment.verification;

import java.time.LocalDate;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import fr.idnum.enrollment.activation.ActivationCodeDelivery;
import fr.idnum.enrollment.enrollment.VerificationMode;
import fr.idnum.enrollment.problem.Problem;
import io.quarkus.security.Authenticated;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The citizen chooses how their identity document will be checked. */
@Path("/api/v1/enrollments/current/verification-mode")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
// Every operation reads or writes the database: 503 service-unavailable when it cannot be reached.
@APIResponse(responseCode = "503", ref = "ServiceUnavailable")
public class VerificationModeResource {

    /** The chosen mode; a postman's visit needs a date. */
    public record ModeChoice(@NotNull VerificationMode mode, LocalDate postmanVisitDate) {
    }

    private final VerificationService verification;
    private final ActivationCodeDelivery delivery;
    private final JsonWebToken token;

    VerificationModeResource(VerificationService verification, ActivationCodeDelivery delivery, JsonWebToken token) {
        this.verification = verification;
        this.delivery = delivery;
        this.token = token;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Choose the verification mode; in-person modes text the 6-digit activation code to show the agent")
    @APIResponse(responseCode = "204", description = "Mode recorded; the enrollment awaits verification")
    @APIResponse(responseCode = "400", description = "Invalid choice (e.g. postman's visit date)", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No enrollment", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "The phone is not verified yet, or a mode was already chosen",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "503", ref = "MessageNotSent")
    public Response choose(@Valid @NotNull ModeChoice choice) {
        VerificationService.ModeChosen chosen = verification.choose(token.getSubject(), choice.mode(), choice.postmanVisitDate());
        chosen.activationCode().ifPresent(delivery::deliver);
        return Response.noContent().build();
    }
}
