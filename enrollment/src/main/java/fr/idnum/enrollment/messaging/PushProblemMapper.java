package fr.idnum.enrollment.messaging;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import fr.idnum.enrollment.problem.Problem;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The problem answer of a push not delivered, plus the push service's {@code Retry-After} for the caller. */
public class PushProblemMapper {

    /** More specific than the general {@code DomainException} mapper, so it is the one chosen. */
    @ServerExceptionMapper
    public Response notDelivered(PushNotDeliveredException e, UriInfo uri) {
        Response.ResponseBuilder response = Response.status(e.status()).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(e.status(), e.type(), e.title(), e.getMessage(), uri.getPath()));
        e.retryAfter().ifPresent(wait -> response.header("Retry-After", Math.max(1, wait.toSeconds())));
        return response.build();
    }
}
