package fr.idnum.enrollment.propagation;

/**
 * A call to Keycloak that did not do its job. Its message names what went wrong (an HTTP status, an exception
 * class), never a body or personal data, so it can go into {@code keycloak_outbox.last_error} and the log.
 */
public class KeycloakCallFailed extends RuntimeException {

    private final boolean unavailable;

    KeycloakCallFailed(String message, boolean unavailable, Throwable cause) {
        super(message, cause);
        this.unavailable = unavailable;
    }

    /** Keycloak as a whole is out of reach (no answer, 5xx, no token): the other rows would fail the same way. */
    public boolean unavailable() {
        return unavailable;
    }
}
