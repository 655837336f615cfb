package fr.idnum.enrollment;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Identifies the running service (name and version), for operators and monitoring. */
@Path("/api/v1/service-info")
public class ServiceInfoResource {

    /** What {@code GET /api/v1/service-info} returns. */
    public record ServiceInfo(String service, String version) {
    }

    private final ServiceInfo info;

    public ServiceInfoResource(
            @ConfigProperty(name = "quarkus.application.name") String name,
            @ConfigProperty(name = "quarkus.application.version") String version) {
        this.info = new ServiceInfo(name, version);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Name and version of the running service")
    @APIResponse(responseCode = "200", description = "The service's name and version")
    @APIResponse(responseCode = "500", description = "Internal error (problem+json)")
    public ServiceInfo get() {
        return info;
    }
}
