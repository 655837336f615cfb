package fr.idnum.enrollment.enrollment;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import fr.idnum.enrollment.problem.DomainException;
import fr.idnum.enrollment.problem.Problem;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Lets Keycloak ask whether a citizen's identity is still in force (e.g. before activating a second phone).
 * Keycloak never needs it at login time: suspensions and revocations are pushed to it.
 */
@Path("/api/v1/internal/enrollments/{subject}/status")
@RolesAllowed(InternalEnrollmentStatusResource.ROLE)
@Produces(MediaType.APPLICATION_JSON)
// Every operation reads or writes the database: 503 service-unavailable when it cannot be reached.
@APIResponse(responseCode = "503", ref = "ServiceUnavailable")
public class InternalEnrollmentStatusResource {

    /** Realm role of Keycloak's service account for this API. */
    public static final String ROLE = "enrollment-status-reader";

    /** The latest enrollment's state; {@code active} only for ACTIVE. */
    public record Status(String subject, EnrollmentState state, boolean active) {
    }

    @GET
    @Transactional
    @Operation(summary = "State of a citizen's latest enrollment")
    @APIResponse(responseCode = "200", description = "The state")
    @APIResponse(responseCode = "403", description = "The caller is not Keycloak's service account")
    @APIResponse(responseCode = "404", description = "The citizen never enrolled", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Status status(@PathParam("subject") @Size(max = 255) String subject) {
        List<Enrollment> latest = Enrollment.find("ownerSubject = ?1 order by createdAt desc", subject).page(0, 1).list();
        if (latest.isEmpty()) {
            throw DomainException.noEnrollment("This citizen never enrolled.");
        }
        EnrollmentState state = latest.get(0).state;
        return new Status(subject, state, state == EnrollmentState.ACTIVE);
    }
}
