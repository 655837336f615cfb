package fr.idnum.enrollment.problem;

import java.util.Comparator;
import java.util.List;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import fr.idnum.enrollment.input.RefusedValueException;
import fr.idnum.protocol.PrintableText;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into {@code application/problem+json}: domain refusals as they describe themselves
 * ({@link DomainException#toResponse}: status, members, headers; the only mapper for them, push refusals included),
 * invalid bodies as 400 with one entry per field, framework errors with their status, and anything
 * unexpected as a 500 that says nothing about the internals (the cause is logged, never returned).
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response domain(DomainException e, UriInfo uri) {
        return e.toResponse(uri.getPath());
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        return respond(new Problem(Problem.TYPE_BASE + "invalid-request", "Invalid request", 400,
                "The request has " + errors.size() + " invalid field(s).", uri.getPath(), errors));
    }

    @ServerExceptionMapper
    public Response invalidFields(InvalidFieldsException e, UriInfo uri) {
        return respond(new Problem(Problem.TYPE_BASE + "invalid-request", "Invalid request", 400,
                "The request has " + e.errors().size() + " invalid field(s).", uri.getPath(), e.errors()));
    }

    /** Unreadable JSON, or a value of the wrong type: says where, never echoes what was sent. */
    @ServerExceptionMapper
    public Response unreadable(com.fasterxml.jackson.core.JsonProcessingException e, UriInfo uri) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(java.util.stream.Collectors.joining(".")).replace(".[", "[");
            String rule = e instanceof RefusedValueException refused ? refused.rule() : "has a value of the wrong type or format";
            return respond(new Problem(Problem.TYPE_BASE + "invalid-request", "Invalid request", 400,
                    "The request has 1 invalid field(s).", uri.getPath(), List.of(new Problem.FieldError(field, rule))));
        }
        return respond(Problem.of(400, "unreadable-body", "Unreadable body", "The body is not valid JSON.", uri.getPath()));
    }

    /**
     * A body in no Unicode encoding: three zero bytes first make Jackson read UTF-32, and a 4-byte unit beyond
     * U+10FFFF is then a java.io.CharConversionException, no JsonProcessingException, so it was a 500 (found by
     * RequestBodyFuzzTest, input utf32-invalid-character).
     */
    @ServerExceptionMapper
    public Response undecodable(java.io.CharConversionException e, UriInfo uri) {
        return respond(Problem.of(400, "unreadable-body", "Unreadable body", "The body is not valid JSON.", uri.getPath()));
    }

    /** Quarkus REST has its own mapper for this subtype; ours must be as specific to win. */
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 100)
    public Response mismatched(com.fasterxml.jackson.databind.exc.MismatchedInputException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    /**
     * Not JSON, a member given twice ({@code StrictJson}), or something after the document: Quarkus REST answers
     * these itself with an empty 500 (its mapper is more specific than {@link #unreadable}), so ours must be too.
     */
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 100)
    public Response malformed(com.fasterxml.jackson.core.exc.StreamReadException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper
    public Response framework(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof com.fasterxml.jackson.core.JsonProcessingException unreadable) {
            return unreadable(unreadable, uri);
        }
        int status = e.getResponse().getStatus();
        String title = Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase() : "HTTP " + status;
        return respond(Problem.of(status, "http-" + status, title, title + ".", uri.getPath()));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        if (DatabaseUnavailable.isCause(e)) {
            // One line, no stack trace and no driver message (it may quote a statement): the operator's alert is the
            // database's own, and idnum_http_server_requests with status 503.
            LOG.warnf("Database unreachable on %s: %s", PrintableText.forLog(uri.getPath()), DatabaseUnavailable.describe(e));
            return Response.fromResponse(respond(Problem.of(503, DatabaseUnavailable.PROBLEM_TYPE, "Service temporarily unavailable",
                    "The service cannot reach its database for now; try again in a moment. If this request changed"
                            + " something, read the current state first: the change may or may not have been made.", uri.getPath())))
                    .header("Retry-After", DatabaseUnavailable.RETRY_AFTER_SECONDS).build();
        }
        if (isConcurrentConflict(e)) {
            // Another request changed the same enrollment at the same time, and this one was rolled back whole.
            LOG.infof("Concurrent change refused on %s: %s", PrintableText.forLog(uri.getPath()), e.getClass().getSimpleName());
            return respond(Problem.of(409, "concurrent-change", "Changed at the same time",
                    "Another request changed this at the same time; nothing was changed by this one. Read the current"
                            + " state and try again.", uri.getPath()));
        }
        LOG.error("Unexpected failure on " + PrintableText.forLog(uri.getPath()), e);
        return respond(Problem.of(500, "internal-error", "Internal error",
                "The request could not be completed; nothing was changed. Try again later.", uri.getPath()));
    }

    /**
     * A lost race rather than a fault: an optimistic version check, a lock that could not be had, a serialization
     * failure or deadlock, or a unique constraint another transaction satisfied first (e.g. two enrollments started
     * at once, where only one may be open). Looked for along the whole cause chain (commit failures are wrapped).
     */
    static boolean isConcurrentConflict(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof jakarta.persistence.OptimisticLockException
                    || cause instanceof jakarta.persistence.PessimisticLockException
                    || cause instanceof org.hibernate.StaleStateException) {
                return true;
            }
            if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && List.of("23505", "40001", "40P01", "55P03").contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    /** {@code start.arg0.identity.birthDate} → {@code identity.birthDate}: the path inside the body. */
    static String fieldOf(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        String[] parts = path.split("\\.");
        int skip = parts.length > 2 ? 2 : 0;
        return String.join(".", java.util.Arrays.copyOfRange(parts, skip, parts.length));
    }
}
