package fr.idnum.enrollment.enrollment;

import java.net.URI;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import fr.idnum.enrollment.identity.DeclaredIdentity;
import fr.idnum.enrollment.problem.Problem;
import io.quarkus.security.Authenticated;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The citizen's own enrollment, identified by the subject of their access token. */
@Path("/api/v1/enrollments")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
// Every operation reads or writes the database: 503 service-unavailable when it cannot be reached.
@APIResponse(responseCode = "503", ref = "ServiceUnavailable")
public class EnrollmentResource {

    private final EnrollmentService enrollments;
    private final MobileCheck mobileCheck;
    private final JsonWebToken token;

    EnrollmentResource(EnrollmentService enrollments, MobileCheck mobileCheck, JsonWebToken token) {
        this.enrollments = enrollments;
        this.mobileCheck = mobileCheck;
        this.token = token;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start an enrollment with the identity data of the citizen's document")
    @APIResponse(responseCode = "201", description = "Started (state DRAFT); the SMS code is sent to the mobile number")
    @APIResponse(responseCode = "400", description = "Invalid identity data; one entry per field",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No valid access token")
    @APIResponse(responseCode = "409", description = "The citizen already has an enrollment in progress or in force",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", ref = "MessageNotSent")
    public Response start(@Valid @NotNull DeclaredIdentity identity) {
        EnrollmentService.Started started = enrollments.start(token.getSubject(), identity);
        // Sent once the enrollment is committed: a code never refers to something that does not exist.
        mobileCheck.send(started.firstCode());
        return Response.created(URI.create("/api/v1/enrollments/current")).entity(started.enrollment()).build();
    }

    @GET
    @Path("current")
    @Operation(summary = "The citizen's enrollment in progress or in force")
    @APIResponse(responseCode = "200", description = "The enrollment")
    @APIResponse(responseCode = "401", description = "No valid access token")
    @APIResponse(responseCode = "404", description = "No enrollment in progress or in force",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public EnrollmentView current() {
        return enrollments.currentOf(token.getSubject());
    }
}
