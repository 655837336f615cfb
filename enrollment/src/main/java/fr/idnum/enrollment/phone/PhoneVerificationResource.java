package fr.idnum.enrollment.phone;

import fr.idnum.enrollment.enrollment.SmsCode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import fr.idnum.enrollment.onetimecode.Attempt;
import fr.idnum.enrollment.onetimecode.Issue;
import fr.idnum.enrollment.onetimecode.OneTimeCodeProblems;
import fr.idnum.enrollment.problem.Problem;
import io.quarkus.security.Authenticated;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The citizen proves they hold their mobile number with the 6-digit code sent by SMS. */
@Path("/api/v1/enrollments/current/phone-verification")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
// Every operation reads or writes the database: 503 service-unavailable when it cannot be reached.
@APIResponse(responseCode = "503", ref = "ServiceUnavailable")
public class PhoneVerificationResource {

    /** The code the citizen typed. */
    public record CodeSubmission(@NotNull @Pattern(regexp = "^[0-9]{6}$", message = "must be the 6 digits received by SMS") String code) {
    }

    private final PhoneCheckService phoneChecks;
    private final JsonWebToken token;

    PhoneVerificationResource(PhoneCheckService phoneChecks, JsonWebToken token) {
        this.phoneChecks = phoneChecks;
        this.token = token;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit the SMS code; on success the enrollment moves to PHONE_VERIFIED")
    @APIResponse(responseCode = "204", description = "Phone verified")
    @APIResponse(responseCode = "400", description = "Malformed or wrong code (the detail says how many attempts remain)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No enrollment", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Phone already verified", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "410", description = "Code expired or too many wrong attempts: ask for a new one",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response verify(@Valid @NotNull CodeSubmission submission) {
        Attempt outcome = phoneChecks.verify(token.getSubject(), submission.code());
        if (outcome instanceof Attempt.Accepted) {
            return Response.noContent().build();
        }
        throw OneTimeCodeProblems.refusal(outcome, PhoneCheckService.WORDING);
    }

    @POST
    @Path("resend")
    @Operation(summary = "Send a new SMS code (the previous one stops working)")
    @APIResponse(responseCode = "202", description = "A new code is on its way")
    @APIResponse(responseCode = "404", description = "No enrollment", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Phone already verified", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "429", description = "Too soon after the previous code (see Retry-After), or no more codes for this enrollment",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "503", ref = "MessageNotSent")
    public Response resend() {
        Issue<SmsCode> issue = phoneChecks.resend(token.getSubject());
        if (issue instanceof Issue.Send<SmsCode> send) {
            phoneChecks.send(send.message());
            return Response.accepted().build();
        }
        throw OneTimeCodeProblems.refusal(issue, PhoneCheckService.WORDING);
    }
}
