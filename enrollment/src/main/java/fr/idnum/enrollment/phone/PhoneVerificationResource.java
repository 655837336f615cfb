package fr.idnum.enrollment.phone;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import fr.idnum.enrollment.messaging.SmsGateway;
import fr.idnum.enrollment.problem.DomainException;
import fr.idnum.enrollment.problem.WrongCodeException;
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
public class PhoneVerificationResource {

    /** The code the citizen typed. */
    public record CodeSubmission(@NotNull @Pattern(regexp = "^[0-9]{6}$", message = "must be the 6 digits received by SMS") String code) {
    }

    private final PhoneCheckService phoneChecks;
    private final PhoneCheckConfig config;
    private final SmsGateway sms;
    private final JsonWebToken token;

    PhoneVerificationResource(PhoneCheckService phoneChecks, PhoneCheckConfig config, SmsGateway sms, JsonWebToken token) {
        this.phoneChecks = phoneChecks;
        this.config = config;
        this.sms = sms;
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
        PhoneCheckService.Outcome outcome = phoneChecks.verify(token.getSubject(), submission.code());
        if (outcome instanceof PhoneCheckService.Outcome.Verified) {
            return Response.noContent().build();
        }
        throw problemFor(outcome);
    }

    /** The refusal a citizen gets for a code that did not verify. */
    static DomainException problemFor(PhoneCheckService.Outcome outcome) {
        if (outcome instanceof PhoneCheckService.Outcome.Wrong wrong) {
            return new WrongCodeException("Wrong code",
                    "This is not the code we sent. Attempts left: " + wrong.attemptsLeft() + ".", wrong.attemptsLeft());
        }
        if (outcome instanceof PhoneCheckService.Outcome.Expired) {
            return new DomainException(410, "code-expired", "Code expired", "This code has expired: ask for a new one.");
        }
        return new DomainException(410, "code-exhausted", "Too many wrong attempts",
                "Too many wrong codes were typed: ask for a new one.");
    }

    @POST
    @Path("resend")
    @Operation(summary = "Send a new SMS code (the previous one stops working)")
    @APIResponse(responseCode = "202", description = "A new code is on its way")
    @APIResponse(responseCode = "404", description = "No enrollment", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Phone already verified", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "429", description = "Too soon after the previous code (see Retry-After), or no more codes for this enrollment",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response resend() {
        PhoneCheckService.Issue issue = phoneChecks.resend(token.getSubject());
        if (issue instanceof PhoneCheckService.Issue.Send send) {
            PhoneCodeMessage.send(sms, send, config.codeLifetime());
            return Response.accepted().build();
        }
        if (issue instanceof PhoneCheckService.Issue.TooSoon tooSoon) {
            throw RetryLaterException.after(tooSoon.retryAfter());
        }
        throw new DomainException(429, "no-more-codes", "No more codes",
                "The maximum number of codes for this enrollment has been sent. Contact support.");
    }

    /** 429 with a Retry-After header. */
    public static class RetryLaterException extends DomainException {
        private final long retryAfterSeconds;

        /** Rounded up to whole seconds, never below 1, as Retry-After counts them. */
        public static RetryLaterException after(java.time.Duration wait) {
            return new RetryLaterException(Math.max(1, (wait.toMillis() + 999) / 1000));
        }

        public RetryLaterException(long retryAfterSeconds) {
            super(429, "too-soon", "Too soon", "Wait " + retryAfterSeconds + " s before asking for a new code.");
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }

        @Override
        public java.util.Map<String, String> headers() {
            return java.util.Map.of("Retry-After", Long.toString(retryAfterSeconds));
        }
    }
}
