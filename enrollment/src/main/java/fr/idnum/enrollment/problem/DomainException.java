package fr.idnum.enrollment.problem;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import fr.idnum.protocol.enrollment.ActivationRefusal;
import fr.idnum.protocol.ProblemTypes;

/**
 * A refusal the client can act on, thrown where it is decided and answered as an RFC 9457 problem: an HTTP status, a
 * stable type (appended to {@link Problem#TYPE_BASE}), a short title, a detail, and the extension members and headers
 * that go with it ({@link #with}, {@link #header}). Never carries a secret. Same shape as the providers'
 * {@code DeviceProblem}.
 */
public class DomainException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final Map<String, Object> members = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    public DomainException(int status, String type, String title, String detail) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    /** 404 {@code no-enrollment}: the caller's (or the named) enrollment does not exist or is not open. */
    public static DomainException noEnrollment(String detail) {
        return new DomainException(404, ActivationRefusal.NO_ENROLLMENT.problem(), "No enrollment", detail);
    }

    /** 400 {@code wrong-code}: the tries left before the code dies are the {@code attempts_left} member. */
    public static DomainException wrongCode(String title, String detail, int attemptsLeft) {
        return new DomainException(400, ActivationRefusal.WRONG_CODE.problem(), title, detail).with(ProblemTypes.ATTEMPTS_LEFT, attemptsLeft);
    }

    /** 429 with a {@code Retry-After} header: the caller may try again once {@code wait} has passed. */
    public static DomainException retryLater(String type, String title, String detail, Duration wait) {
        return new DomainException(429, type, title, detail).header("Retry-After", Long.toString(retryAfterSeconds(wait)));
    }

    /** Rounded up to whole seconds, never below 1, as Retry-After counts them. */
    public static long retryAfterSeconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    /** Adds an extension member (RFC 9457 section 3.2); a null value is left out. */
    public DomainException with(String member, Object value) {
        if (value != null) {
            members.put(member, value);
        }
        return this;
    }

    /** Adds a response header that goes with the problem (Retry-After, WWW-Authenticate). */
    public DomainException header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    /** Extension members of the problem beside type, title, status, detail and instance. */
    public Map<String, Object> members() {
        return Collections.unmodifiableMap(members);
    }

    public Map<String, String> headers() {
        return Collections.unmodifiableMap(headers);
    }

    /** The answer: {@code application/problem+json}, {@code instance} being the request's path. */
    public Response toResponse(String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", Problem.TYPE_BASE + type);
        body.put("title", title);
        body.put("status", status);
        if (getMessage() != null) {
            body.put("detail", getMessage());
        }
        body.put("instance", instance);
        body.putAll(members);
        Response.ResponseBuilder response = Response.status(status).type(Problem.MEDIA_TYPE).entity(body);
        headers.forEach(response::header);
        return response.build();
    }
}
