package fr.idnum.keycloak.registration;

import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * How far {@link RegistrationEmailAuthenticator} went for the form last submitted, in the authentication session's
 * notes: whether the submission was answered (its redirect), and when the e-mail (the new account's link or the
 * owner's notice) was last sent.
 */
final class RegistrationMailProgress {

    private static final String ANSWERED = "idnum.registration.answered";
    /** Seconds since the epoch. */
    private static final String SENT_AT = "idnum.registration.mail-sent-at";

    private RegistrationMailProgress() {
    }

    static boolean answered(AuthenticationSessionModel authSession) {
        return authSession.getAuthNote(ANSWERED) != null;
    }

    static void markAnswered(AuthenticationSessionModel authSession) {
        authSession.setAuthNote(ANSWERED, "true");
    }

    /** When the e-mail was last sent (seconds since the epoch), or null if never. */
    static Long sentAt(AuthenticationSessionModel authSession) {
        String at = authSession.getAuthNote(SENT_AT);
        return at == null ? null : Long.valueOf(at);
    }

    static void markSent(AuthenticationSessionModel authSession, long at) {
        authSession.setAuthNote(SENT_AT, Long.toString(at));
    }

    /** A new submission of the form starts over. */
    static void forget(AuthenticationSessionModel authSession) {
        authSession.removeAuthNote(ANSWERED);
        authSession.removeAuthNote(SENT_AT);
    }
}
