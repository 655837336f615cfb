package fr.idnum.simulator.device;

/**
 * The phone refuses a sign-in challenge document: not signed by a key the realm publishes, meant for another
 * realm or phone, expired or malformed. The app then shows nothing to the citizen; the message says why, for
 * the developer. Not a {@link fr.idnum.simulator.http.Refusal}: here the phone says no, not the server.
 */
public class UntrustedChallenge extends RuntimeException {

    public UntrustedChallenge(String message, Throwable cause) {
        super(message, cause);
    }
}
