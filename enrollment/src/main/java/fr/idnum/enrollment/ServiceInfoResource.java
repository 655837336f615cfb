package fr.idnum.enrollment;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Identifies the running service. Placeholder endpoint until the enrollment resources exist.
 */
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
    public ServiceInfo get() {
        return info;
    }
}
