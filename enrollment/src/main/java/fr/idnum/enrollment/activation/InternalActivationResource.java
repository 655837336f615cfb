package fr.idnum.enrollment.activation;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import fr.idnum.protocol.enrollment.InternalApi;
import fr.idnum.protocol.ProblemTypes;
import fr.idnum.protocol.enrollment.ActivationRefusal;
import fr.idnum.enrollment.audit.Actor;
import fr.idnum.enrollment.enrollment.EnrollmentState;
import fr.idnum.enrollment.onetimecode.Attempt;
import fr.idnum.enrollment.onetimecode.OneTimeCodeProblems;
import fr.idnum.enrollment.problem.DomainException;
import fr.idnum.enrollment.problem.Problem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Called by Keycloak (client credentials) when the phone app activates: redeem the code, get the identity. */
@Path(InternalApi.ACTIVATIONS)
@RolesAllowed(InternalActivationResource.ROLE)
@Produces(MediaType.APPLICATION_JSON)
// Every operation reads or writes the database: 503 service-unavailable when it cannot be reached.
@APIResponse(responseCode = "503", ref = "ServiceUnavailable")
public class InternalActivationResource {

    /** Realm role of Keycloak's service account for this API. */
    public static final String ROLE = "activation-redeemer";

    /** The citizen's Keycloak user id and the code they typed in the app. */
    public record RedemptionRequest(@NotBlank @Size(max = 255) String subject,
                                    @NotNull @Pattern(regexp = "^[0-9]{6}$", message = "must be 6 digits") String activationCode) {
    }

    /**
     * Set to {@code true} on the answer to a retry of a redemption already made: Keycloak must then not replace a
     * phone it already holds for that device key (its copy of the name: {@code HttpEnrollmentClient}).
     */
    public static final String REPLAYED_HEADER = InternalApi.REPLAYED;

    /** Prometheus {@code idnum_activation_redemptions_total{outcome}}: a burst of "wrong" is someone guessing codes. */
    static final String METER = "idnum.activation.redemptions";

    private final ActivationService activation;
    private final JsonWebToken token;
    private final MeterRegistry registry;
    private final java.time.Clock clock;

    InternalActivationResource(ActivationService activation, JsonWebToken token, MeterRegistry registry, java.time.Clock clock) {
        this.activation = activation;
        this.token = token;
        this.registry = registry;
        this.clock = clock;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Redeem an activation code for a citizen: returns the verified identity and makes the enrollment ACTIVE")
    @APIResponse(responseCode = "200", description = "Redeemed; a retry within minutes with the same Idempotency-Key and the same "
            + "code is answered again, with the header " + REPLAYED_HEADER + ": true",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IdentityClaims.class)))
    @APIResponse(responseCode = "400", description = "Wrong code; the detail gives the attempts left", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "403", description = "The caller is not Keycloak's service account")
    @APIResponse(responseCode = "404", description = "No enrollment for this subject", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Identity not verified yet, enrollment suspended, code already redeemed, or a "
            + "posted code before the end of its cooling-off (with the " + ProblemTypes.NOT_BEFORE + " member and Retry-After)",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "410", description = "Code expired or dead after too many attempts", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response redeem(@Valid @NotNull RedemptionRequest request,
                                 @HeaderParam(InternalApi.IDEMPOTENCY_KEY) @Size(max = 128) String idempotencyKey) {
        ActivationService.Redemption outcome;
        try {
            outcome = activation.redeem(request.subject(), request.activationCode(), idempotencyKey,
                    new Actor(token.getSubject() == null ? "keycloak" : token.getSubject(), Actor.SYSTEM));
        } catch (DomainException e) {
            count("no_enrollment");
            throw e;
        }
        count(outcomeName(outcome));
        if (outcome instanceof ActivationService.Redemption.Redeemed redeemed) {
            return Response.ok(redeemed.claims()).header(REPLAYED_HEADER, redeemed.replayed()).build();
        }
        if (outcome instanceof ActivationService.Redemption.Wrong wrong) {
            throw OneTimeCodeProblems.refusal(new Attempt.Wrong(wrong.attemptsLeft()), ActivationService.WORDING);
        }
        if (outcome instanceof ActivationService.Redemption.CoolingOff coolingOff) {
            throw new CodeCoolingOffException(coolingOff.notBefore(), clock.instant());
        }
        if (outcome instanceof ActivationService.Redemption.Expired) {
            throw OneTimeCodeProblems.refusal(new Attempt.Expired(), ActivationService.WORDING);
        }
        if (outcome instanceof ActivationService.Redemption.Exhausted) {
            throw OneTimeCodeProblems.refusal(new Attempt.Exhausted(), ActivationService.WORDING);
        }
        if (outcome instanceof ActivationService.Redemption.NotRedeemable notRedeemable
                && notRedeemable.state() == EnrollmentState.SUSPENDED) {
            throw new DomainException(409, ActivationRefusal.SUSPENDED.problem(), "Enrollment suspended",
                    "This enrollment is suspended: no phone can be activated until an operator lifts the suspension.");
        }
        if (outcome instanceof ActivationService.Redemption.NotRedeemable notRedeemable) {
            throw new DomainException(409, ActivationRefusal.NOT_VERIFIED.problem(), "Identity not verified",
                    "The identity is not verified yet (state " + notRedeemable.state() + ").");
        }
        throw new DomainException(409, ActivationRefusal.ALREADY_REDEEMED.problem(), "Already redeemed", "This activation code was already used.");
    }

    private void count(String outcome) {
        Counter.builder(METER).description("Activation code redemptions by Keycloak, by outcome")
                .tag("outcome", outcome).register(registry).increment();
    }

    private static String outcomeName(ActivationService.Redemption outcome) {
        if (outcome instanceof ActivationService.Redemption.NotRedeemable notRedeemable) {
            return notRedeemable.state() == EnrollmentState.SUSPENDED ? "suspended" : "not_verified";
        }
        if (outcome instanceof ActivationService.Redemption.Redeemed redeemed && redeemed.replayed()) {
            return "replayed";
        }
        // Redeemed, Wrong, Expired, Exhausted, AlreadyRedeemed, CoolingOff -> redeemed, wrong, expired, exhausted,
        // already_redeemed, cooling_off
        return outcome.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
