package fr.idnum.simulator.login;

/**
 * The login did not end with tokens: a page showed an error instead of the expected form (the message holds
 * its visible text), the redirect back to the app carried an error or a foreign {@code state}, or the token
 * endpoint refused the code.
 */
public class LoginFailed extends RuntimeException {

    public LoginFailed(String message) {
        super(message);
    }
}
