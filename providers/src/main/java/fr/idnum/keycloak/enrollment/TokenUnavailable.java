package fr.idnum.keycloak.enrollment;

/** No service token could be had for the enrollment service: the call it was for is answered "unavailable". */
final class TokenUnavailable extends RuntimeException {

    TokenUnavailable(String message) {
        super(message);
    }

    TokenUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
