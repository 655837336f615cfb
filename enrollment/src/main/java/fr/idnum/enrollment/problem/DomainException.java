package fr.idnum.enrollment.problem;

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
}
