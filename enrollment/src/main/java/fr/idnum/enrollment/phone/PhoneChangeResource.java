package fr.idnum.enrollment.phone;

import fr.idnum.enrollment.enrollment.SmsCode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import fr.idnum.enrollment.activation.ActivationCodeDelivery;
import fr.idnum.enrollment.onetimecode.Attempt;
import fr.idnum.enrollment.onetimecode.Issue;
import fr.idnum.enrollment.onetimecode.OneTimeCodeProblems;
import fr.idnum.enrollment.problem.Problem;
import fr.idnum.enrollment.recovery.RecentSignIn;
import io.quarkus.security.Authenticated;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * "Nouveau numéro de téléphone": prove a new mobile number. Before the identity check it then receives a new
 * activation code; after it, never: the code is posted to the verified address and the old number and the e-mail
 * are told ({@link PhoneChangeService}).
 */
@Path("/api/v1/enrollments/current/mobile-phone")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
// Every operation reads or writes the database: 503 service-unavailable when it cannot be reached.
@APIResponse(responseCode = "503", ref = "ServiceUnavailable")
public class PhoneChangeResource {

    /** The new mobile number. */
    public record NewNumber(@NotBlank @Size(max = 32) String mobilePhone) {
    }

    private final PhoneChangeService phoneChange;
    private final PhoneCheckService phoneChecks;
    private final ActivationCodeDelivery delivery;
    private final JsonWebToken token;

    PhoneChangeResource(PhoneChangeService phoneChange, PhoneCheckService phoneChecks, ActivationCodeDelivery delivery,
                        JsonWebToken token) {
        this.phoneChange = phoneChange;
        this.phoneChecks = phoneChecks;
        this.delivery = delivery;
        this.token = token;
    }

    private java.util.Optional<java.time.Instant> authTime() {
        return RecentSignIn.authTime(token.getClaim("auth_time"));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ask to change the mobile number: a code is texted to the new number")
    @APIResponse(responseCode = "202", description = "Code sent to the new number")
    @APIResponse(responseCode = "400", description = "Not a French mobile number, or the same number", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "401", description = "After the identity check: no sign-in with the password within the last minutes "
            + "(recent-sign-in-required, WWW-Authenticate per RFC 9470 with max_age)", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No enrollment", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "The number cannot change in this state", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "429", description = "Too soon after the previous code (Retry-After), or no more codes", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "503", ref = "MessageNotSent")
    public Response request(@Valid @NotNull NewNumber number) {
        Issue<SmsCode> issue = phoneChange.request(token.getSubject(), number.mobilePhone(), authTime());
        if (issue instanceof Issue.Send<SmsCode> send) {
            phoneChecks.send(send.message());
            return Response.accepted().build();
        }
        throw OneTimeCodeProblems.refusal(issue, PhoneChangeService.WORDING);
    }

    @POST
    @Path("verification")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit the code received on the new number. Before the identity check the old activation code dies and a "
            + "new one is texted; after it, the old number and the e-mail are told and the new code (if the one in force had "
            + "not been posted already) is posted to the verified address, redeemable after the cooling-off")
    @APIResponse(responseCode = "204", description = "The new number replaces the old one")
    @APIResponse(responseCode = "400", description = "Malformed or wrong code", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "401", description = "After the identity check: no recent sign-in (recent-sign-in-required)",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "No change in progress, or not changeable now", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "410", description = "Code expired or too many wrong attempts", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "503", ref = "MessageNotSent")
    public Response confirm(@Valid @NotNull PhoneVerificationResource.CodeSubmission submission) {
        PhoneChangeService.Outcome outcome = phoneChange.confirm(token.getSubject(), submission.code(), authTime());
        if (outcome instanceof PhoneChangeService.Outcome.Done done) {
            PhoneChangeService.Changed changed = done.changed();
            changed.activationCode().ifPresent(delivery::deliver);
            changed.afterCheck().ifPresent(after ->
                    delivery.deliverAfterNumberChange(after.posted(), after.oldNumber(), changed.phoneNumber(), after.email()));
            return Response.noContent().build();
        }
        Attempt refused = ((PhoneChangeService.Outcome.Refused) outcome).reason();
        throw OneTimeCodeProblems.refusal(refused, PhoneChangeService.WORDING);
    }
}
