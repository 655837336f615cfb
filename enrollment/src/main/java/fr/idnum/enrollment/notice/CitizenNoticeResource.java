package fr.idnum.enrollment.notice;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import fr.idnum.protocol.enrollment.InternalApi;
import fr.idnum.enrollment.enrollment.Enrollment;
import fr.idnum.enrollment.messaging.MailSender;
import fr.idnum.enrollment.problem.DomainException;
import fr.idnum.enrollment.problem.Problem;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;

/** Called by Keycloak (client credentials) to tell a citizen, by e-mail, what happened to their phone. */
@Path(InternalApi.CITIZEN_NOTICES)
@RolesAllowed(CitizenNoticeResource.ROLE)
// Every operation reads or writes the database: 503 service-unavailable when it cannot be reached.
@APIResponse(responseCode = "503", ref = "ServiceUnavailable")
public class CitizenNoticeResource {

    /** Realm role of Keycloak's service account for this API. */
    public static final String ROLE = "citizen-notifier";

    private static final Logger LOG = Logger.getLogger(CitizenNoticeResource.class);

    /**
     * Whom to tell (the Keycloak subject), what, and the phone's name as the citizen gave it; printable text
     * only, since it goes into an e-mail.
     */
    public record NoticeRequest(@NotBlank @Size(max = 255) String subject,
                                @NotNull CitizenNotice notice,
                                @NotBlank @Size(max = 64) @Pattern(regexp = "^[^\\p{Cntrl}]+$", message = "must be printable text")
                                String deviceLabel) {
    }

    private final MailSender mail;

    CitizenNoticeResource(MailSender mail) {
        this.mail = mail;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "E-mail a security notice about their phone to a citizen (activated, replaced, locked, removed, sign-ins locked)")
    @APIResponse(responseCode = "202", description = "Sent to the mail channel")
    @APIResponse(responseCode = "400", description = "Invalid request", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "403", description = "The caller is not Keycloak's service account")
    @APIResponse(responseCode = "404", description = "No enrollment in progress or in force for this subject",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "503", ref = "MessageNotSent")
    public Response notify(@Valid @NotNull NoticeRequest request) {
        Enrollment enrollment = Enrollment.openFor(request.subject()).orElseThrow(() -> DomainException.noEnrollment("This account has no enrollment in progress or in force."));
        mail.send(enrollment.identity.email, request.notice().subject(), request.notice().text(request.deviceLabel()));
        LOG.infof("Citizen notice %s sent for enrollment %s", request.notice(), enrollment.id);
        return Response.accepted().build();
    }
}
