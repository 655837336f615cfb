package fr.idnum.enrollment.verification;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import fr.idnum.enrollment.audit.Actor;
import fr.idnum.enrollment.backoffice.StrongSignIn;
import fr.idnum.enrollment.enrollment.Enrollment;
import fr.idnum.enrollment.enrollment.EnrollmentState;
import fr.idnum.enrollment.identity.DocumentType;
import fr.idnum.enrollment.problem.DomainException;
import fr.idnum.enrollment.problem.Problem;
import fr.idnum.enrollment.onetimecode.OneTimeCodeProblems;
import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The identity-verification agent (postman, post-office clerk): finds the enrollment from the activation code
 * and birth name the citizen shows, sees only what the check needs, and records the finding.
 */
@Path("/api/v1/agent/enrollments")
@RolesAllowed(Actor.AGENT)
@StrongSignIn
@Produces(MediaType.APPLICATION_JSON)
// Every operation reads or writes the database: 503 service-unavailable when it cannot be reached.
@APIResponse(responseCode = "503", ref = "ServiceUnavailable")
public class AgentResource {

    /** The agent made too many look-ups that found nothing (429, Retry-After). */
    public static final String AGENT_LIMIT_PROBLEM = "agent-lookup-limit";
    /** Too many look-ups on this birth name found nothing, whoever made them (429, Retry-After). */
    public static final String BIRTH_NAME_LIMIT_PROBLEM = "birth-name-lookup-limit";

    /** The agent's check never meets an expired code (not compared on expiry) nor a send limit. */
    static final OneTimeCodeProblems.Wording CODE_WORDING = new OneTimeCodeProblems.Wording(
            "This is not the activation code of this enrollment.", "",
            "Activation code dead", "This enrollment's activation code can no longer be used: the citizen asks for a new one.", "");

    /** What the agent compares with the document: nothing else (no address, phone or e-mail). */
    public record EnrollmentToCheck(UUID id, DocumentType documentType, String documentNumber, LocalDate documentExpiryDate,
                                    String givenNames, String birthName, String usageName, LocalDate birthDate) {
        static EnrollmentToCheck of(Enrollment e) {
            var i = e.identity;
            return new EnrollmentToCheck(e.id, i.documentType, i.documentNumber, i.documentExpiryDate, i.givenNames,
                    i.birthName, i.usageName, i.birthDate);
        }
    }

    /** The agent's finding, with the activation code the citizen shows (the one the enrollment was found by). */
    public record Finding(@NotNull @Pattern(regexp = "^[0-9]{6}$", message = "must be 6 digits") String activationCode,
                          @NotNull Boolean documentSeen, @NotNull Boolean identityMatches, @Size(max = 1000) String reason) {
    }

    /** The enrollment's state after the finding. */
    public record FindingRecorded(UUID id, EnrollmentState state) {
    }

    private final AgentLookups lookups;
    private final VerificationService verification;
    private final JsonWebToken token;
    private final SecurityIdentity caller;

    AgentResource(AgentLookups lookups, VerificationService verification, JsonWebToken token, SecurityIdentity caller) {
        this.lookups = lookups;
        this.verification = verification;
        this.token = token;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Find the enrollment awaiting a check from the citizen's activation code and birth name")
    @APIResponse(responseCode = "200", description = "Matching enrollments (usually one, possibly none)")
    @APIResponse(responseCode = "400", description = "Malformed code or name", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "401", description = "No valid access token")
    @APIResponse(responseCode = "403", description = "The caller is not an identity-verification agent, or signed in below eidas2 (insufficient-acr)")
    @APIResponse(responseCode = "429", description = "Too many failed look-ups by this agent, or on this birth name (see Retry-After)",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public List<EnrollmentToCheck> find(
            @QueryParam("activationCode") @NotNull @Pattern(regexp = "^[0-9]{6}$", message = "must be 6 digits") String code,
            @QueryParam("birthName") @NotBlank @Size(max = 256) String birthName) {
        AgentLookups.Result result = lookups.lookUp(agent(), code, birthName);
        if (result instanceof AgentLookups.Result.Refused refused) {
            throw refused.why() == AgentLookup.Outcome.REFUSED_AGENT_LIMIT
                    ? DomainException.retryLater(AGENT_LIMIT_PROBLEM, "Too many failed look-ups",
                    "You made too many look-ups that found nothing; try again later.", refused.retryAfter())
                    : DomainException.retryLater(BIRTH_NAME_LIMIT_PROBLEM, "Birth name locked",
                    "Too many look-ups that found nothing were made on this birth name; try again later.", refused.retryAfter());
        }
        return ((AgentLookups.Result.Found) result).enrollments().stream().map(EnrollmentToCheck::of).toList();
    }

    @POST
    @Path("{id}/check")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record the check: VERIFIED when the document was seen and matches, REJECTED otherwise (with a reason)")
    @APIResponse(responseCode = "200", description = "Recorded")
    @APIResponse(responseCode = "400", description = "Missing reason for a failed check, or not this enrollment's activation code (attempts_left)",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "403", description = "The caller is not an identity-verification agent, or signed in below eidas2 (insufficient-acr)")
    @APIResponse(responseCode = "404", description = "No such enrollment", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "The enrollment is not awaiting an in-person check", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "410", description = "The activation code is dead (too many wrong ones): the citizen needs a new one",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public FindingRecorded check(@PathParam("id") UUID id, @Valid @NotNull Finding finding) {
        VerificationService.CheckOutcome outcome = verification.recordCheck(id, agent(), finding.activationCode(),
                finding.documentSeen(), finding.identityMatches(), finding.reason());
        if (outcome instanceof VerificationService.CheckOutcome.CodeRefused refused) {
            throw OneTimeCodeProblems.refusal(refused.attempt(), CODE_WORDING);
        }
        return new FindingRecorded(id, ((VerificationService.CheckOutcome.Recorded) outcome).state());
    }

    private Actor agent() {
        return new Actor(token.getSubject() != null ? token.getSubject() : caller.getPrincipal().getName(), Actor.AGENT);
    }
}
