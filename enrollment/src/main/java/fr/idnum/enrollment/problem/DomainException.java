package fr.idnum.enrollment.problem;

import java.util.Map;

/**
 * A refusal the client can act on, answered as an RFC 9457 problem: an HTTP status, a stable type
 * (appended to {@link Problem#TYPE_BASE}), a short title and a detail. Never carries a secret.
 */
public class DomainException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;

    public DomainException(int status, String type, String title, String detail) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
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

    /** Extension members of the problem (RFC 9457 section 3.2) beside type, title, status, detail and instance. */
    public Map<String, Object> members() {
        return Map.of();
    }

    /** Response headers that go with the problem (Retry-After, WWW-Authenticate). */
    public Map<String, String> headers() {
        return Map.of();
    }
}
