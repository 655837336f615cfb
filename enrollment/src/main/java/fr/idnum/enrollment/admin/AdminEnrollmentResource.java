package fr.idnum.enrollment.admin;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import fr.idnum.enrollment.activation.ActivationCodeDelivery;
import fr.idnum.enrollment.activation.CodeDelivery;
import fr.idnum.enrollment.audit.Actor;
import fr.idnum.enrollment.backoffice.StrongSignIn;
import fr.idnum.enrollment.enrollment.EnrollmentState;
import fr.idnum.enrollment.problem.Problem;
import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;

/**
 * The administrators' API (realm role {@code enrollment-admin}): find enrollments, read them and their audit
 * trail, suspend, reinstate or revoke them, reissue an activation code, answer access requests and erase
 * identity data whose retention period is over. Every call on an enrollment is itself audited.
 */
@Path("/api/v1/admin/enrollments")
@RolesAllowed(Actor.ADMIN)
@StrongSignIn
@Produces(MediaType.APPLICATION_JSON)
// Every operation reads or writes the database: 503 service-unavailable when it cannot be reached.
@APIResponse(responseCode = "503", ref = "ServiceUnavailable")
public class AdminEnrollmentResource {

    private static final Logger LOG = Logger.getLogger(AdminEnrollmentResource.class);

    /**
     * Why the administrator acts (e.g. a support ticket or a request's reference). Kept in the audit trail,
     * which outlives erasure: it must not repeat the citizen's identity data.
     */
    public record AdminReason(@NotBlank @Size(max = 1000) String reason) {
    }

    /** The enrollment's state after an action. */
    public record StateChanged(UUID id, EnrollmentState state) {
    }

    /**
     * A reissued code was sent: how ({@code sms} to the mobile, {@code registered-letter} after a remote check, or
     * {@code letter} to the verified address), from when
     * (a posted code: the end of the cooling-off; null: at once) and until when it is valid. The code itself never
     * comes back.
     */
    public record CodeReissued(UUID id, EnrollmentState state, String delivery, Instant codeNotBefore, Instant codeExpiresAt) {
    }

    private final AdminEnrollmentService admin;
    private final IdentityErasure erasure;
    private final ActivationCodeDelivery delivery;
    private final JsonWebToken token;
    private final SecurityIdentity caller;

    AdminEnrollmentResource(AdminEnrollmentService admin, IdentityErasure erasure, ActivationCodeDelivery delivery,
                            JsonWebToken token, SecurityIdentity caller) {
        this.admin = admin;
        this.erasure = erasure;
        this.delivery = delivery;
        this.token = token;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Search enrollments by state, owner subject, birth name with birth date, or mobile number (combined with AND), newest first")
    @APIResponse(responseCode = "200", description = "One page of summaries and the total count")
    @APIResponse(responseCode = "400", description = "No criterion, an invalid one, or a page size over " + EnrollmentSearch.MAX_PAGE_SIZE,
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "401", description = "No valid access token")
    @APIResponse(responseCode = "403", description = "The caller is not an enrollment administrator, or signed in below eidas2 (insufficient-acr)")
    public EnrollmentSearch.Results search(@QueryParam("state") String state,
                                           @QueryParam("subject") @Size(max = 255) String subject,
                                           @QueryParam("birthName") @Size(max = 256) String birthName,
                                           @QueryParam("birthDate") String birthDate,
                                           @QueryParam("mobilePhone") @Size(max = 32) String mobilePhone,
                                           @QueryParam("page") @DefaultValue("0") @Min(0) @Max(EnrollmentSearch.MAX_PAGE) int page,
                                           @QueryParam("size") @DefaultValue("" + EnrollmentSearch.DEFAULT_PAGE_SIZE)
                                           @Min(1) @Max(EnrollmentSearch.MAX_PAGE_SIZE) int size) {
        EnrollmentSearch search = EnrollmentSearch.of(state, subject, birthName, birthDate, mobilePhone);
        EnrollmentSearch.Results results = admin.search(search, page, size);
        LOG.infof("Administrator %s searched enrollments by %s: %d match(es)", actor().id(), search.criteria(), results.total());
        return results;
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Everything held about one enrollment: identity, activation code status, retention")
    @APIResponse(responseCode = "200", description = "The enrollment (identity null once erased)")
    @APIResponse(responseCode = "403", description = "The caller is not an enrollment administrator, or signed in below eidas2 (insufficient-acr)")
    @APIResponse(responseCode = "404", description = "No such enrollment", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public EnrollmentDetails view(@PathParam("id") UUID id) {
        return admin.view(id, actor());
    }

    @GET
    @Path("{id}/audit-trail")
    @Operation(summary = "The enrollment's audit trail, oldest first (this read included)")
    @APIResponse(responseCode = "200", description = "The trail")
    @APIResponse(responseCode = "403", description = "The caller is not an enrollment administrator, or signed in below eidas2 (insufficient-acr)")
    @APIResponse(responseCode = "404", description = "No such enrollment", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public List<AuditEntry> trail(@PathParam("id") UUID id) {
        return admin.trail(id, actor());
    }

    @GET
    @Path("{id}/export")
    @Operation(summary = "The citizen's data and audit trail as one JSON document, for an access request (GDPR art. 15)")
    @APIResponse(responseCode = "200", description = "The export, as an attachment")
    @APIResponse(responseCode = "403", description = "The caller is not an enrollment administrator, or signed in below eidas2 (insufficient-acr)")
    @APIResponse(responseCode = "404", description = "No such enrollment", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response export(@PathParam("id") UUID id, @QueryParam("reason") @Size(max = 1000) String reason) {
        PersonalDataExport export = admin.export(id, actor(), reason);
        return Response.ok(export)
                .header("Content-Disposition", "attachment; filename=\"enrollment-" + id + ".json\"")
                .header("Cache-Control", "no-store")
                .build();
    }

    @POST
    @Path("{id}/suspend")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Suspend a VERIFIED or ACTIVE enrollment (the phone can no longer be used to sign in)")
    @APIResponse(responseCode = "200", description = "Suspended")
    @APIResponse(responseCode = "400", description = "Missing reason", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "403", description = "The caller is not an enrollment administrator, or signed in below eidas2 (insufficient-acr)")
    @APIResponse(responseCode = "404", description = "No such enrollment", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Not allowed from the current state", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public StateChanged suspend(@PathParam("id") UUID id, @Valid @NotNull AdminReason body) {
        return changed(id, admin.suspend(id, actor(), body.reason()));
    }

    @POST
    @Path("{id}/reinstate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Lift a suspension: back to the state it was suspended from, ACTIVE or VERIFIED (no phone activated yet)")
    @APIResponse(responseCode = "200", description = "Active, or verified, again")
    @APIResponse(responseCode = "400", description = "Missing reason", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "403", description = "The caller is not an enrollment administrator, or signed in below eidas2 (insufficient-acr)")
    @APIResponse(responseCode = "404", description = "No such enrollment", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Not suspended", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public StateChanged reinstate(@PathParam("id") UUID id, @Valid @NotNull AdminReason body) {
        return changed(id, admin.reinstate(id, actor(), body.reason()));
    }

    @POST
    @Path("{id}/revoke")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Revoke a VERIFIED, ACTIVE or SUSPENDED enrollment, for good; the retention period starts")
    @APIResponse(responseCode = "200", description = "Revoked")
    @APIResponse(responseCode = "400", description = "Missing reason", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "403", description = "The caller is not an enrollment administrator, or signed in below eidas2 (insufficient-acr)")
    @APIResponse(responseCode = "404", description = "No such enrollment", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Not allowed from the current state", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public StateChanged revoke(@PathParam("id") UUID id, @Valid @NotNull AdminReason body) {
        return changed(id, admin.revoke(id, actor(), body.reason()));
    }

    @POST
    @Path("{id}/require-reactivation")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Re-activation required (lost or replaced phone): ACTIVE → VERIFIED, Keycloak forgets the phone, a new activation "
            + "code is posted to the verified address (never texted), redeemable after the cooling-off; the e-mail is told")
    @APIResponse(responseCode = "202", description = "The phone is being forgotten; a new activation code is on its way by post")
    @APIResponse(responseCode = "400", description = "Missing reason", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "403", description = "The caller is not an enrollment administrator, or signed in below eidas2 (insufficient-acr)")
    @APIResponse(responseCode = "404", description = "No such enrollment", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Only an ACTIVE enrollment can require re-activation", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "503", description = "message-not-sent: the new code is in force but the letter provider refused it:"
            + " reissue the code (the refused send is not counted against the code's limits); or service-unavailable: the database"
            + " cannot be reached (read the enrollment before trying again). Both with Retry-After",
            headers = @Header(name = "Retry-After", ref = "Retry-After"), content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response requireReactivation(@PathParam("id") UUID id, @Valid @NotNull AdminReason body) {
        return sent(admin.requireReactivation(id, actor(), body.reason()));
    }

    @POST
    @Path("{id}/reissue-activation-code")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the activation code (AWAITING_VERIFICATION or VERIFIED) and text the new one to the citizen's mobile, "
            + "or post it to the verified address (with a new cooling-off) when the code in force had been posted")
    @APIResponse(responseCode = "202", description = "A new code is on its way to the citizen; the previous one no longer works")
    @APIResponse(responseCode = "400", description = "Missing reason", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "403", description = "The caller is not an enrollment administrator, or signed in below eidas2 (insufficient-acr)")
    @APIResponse(responseCode = "404", description = "No such enrollment", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Not in a state with a code to replace", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "503", description = "message-not-sent: the new code is in force but the SMS, registered letter or letter"
            + " provider refused it: reissue again (the refused send is not counted against the code's limits); or service-unavailable:"
            + " the database cannot be reached (read the enrollment before trying again). Both with Retry-After",
            headers = @Header(name = "Retry-After", ref = "Retry-After"), content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response reissueActivationCode(@PathParam("id") UUID id, @Valid @NotNull AdminReason body) {
        return sent(admin.reissueActivationCode(id, actor(), body.reason()));
    }

    /** Sent once committed: the citizen never holds a code the database does not. */
    private Response sent(AdminEnrollmentService.Reissued reissued) {
        delivery.deliver(reissued.delivery());
        Instant notBefore = reissued.delivery() instanceof CodeDelivery.Post posted ? posted.code().notBefore() : null;
        return Response.accepted(new CodeReissued(reissued.id(), reissued.state(), reissued.delivery().channel(), notBefore,
                reissued.expiresAt())).build();
    }

    @POST
    @Path("{id}/erase")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Erase the identity data of an ended enrollment whose retention period is over; the audit trail stays")
    @APIResponse(responseCode = "200", description = "Erased")
    @APIResponse(responseCode = "400", description = "Missing reason", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "403", description = "The caller is not an enrollment administrator, or signed in below eidas2 (insufficient-acr)")
    @APIResponse(responseCode = "404", description = "No such enrollment", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Still open, retention period running, or already erased",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public IdentityErasure.Erased erase(@PathParam("id") UUID id, @Valid @NotNull AdminReason body) {
        IdentityErasure.Erased erased = erasure.erase(id, actor(), body.reason());
        LOG.infof("Administrator %s erased the identity data of enrollment %s", actor().id(), id);
        return erased;
    }

    private StateChanged changed(UUID id, EnrollmentState state) {
        LOG.infof("Administrator %s moved enrollment %s to %s", actor().id(), id, state);
        return new StateChanged(id, state);
    }

    private Actor actor() {
        String subject = token.getSubject() != null ? token.getSubject() : caller.getPrincipal().getName();
        return new Actor(subject, Actor.ADMIN);
    }
}
