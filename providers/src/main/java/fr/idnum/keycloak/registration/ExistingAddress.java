package fr.idnum.keycloak.registration;

import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * A registration whose address already names an account, as the form step leaves it for
 * {@link ExistingAddressAuthenticator} in the authentication session's notes: whose account (its id, for the notice
 * and the event), the address as the account keeps it (for the page), and how far the answer went. Nothing is
 * written on the account itself.
 */
record ExistingAddress(String ownerId, String address) {

    private static final String OWNER = "idnum.registration.existing.owner";
    private static final String ADDRESS = "idnum.registration.existing.address";
    /** Set once the form's submission was answered (event recorded, redirect sent). */
    private static final String REFUSED = "idnum.registration.existing.refused";
    /** When the owner was last sent the notice, in seconds since the epoch. */
    private static final String NOTICE_SENT_AT = "idnum.registration.existing.notice-sent-at";

    /** The existing address this registration gave, or null when it gave a new one. */
    static ExistingAddress of(AuthenticationSessionModel authSession) {
        String owner = authSession.getAuthNote(OWNER);
        return owner == null ? null : new ExistingAddress(owner, authSession.getAuthNote(ADDRESS));
    }

    void keep(AuthenticationSessionModel authSession) {
        authSession.setAuthNote(OWNER, ownerId);
        authSession.setAuthNote(ADDRESS, address);
    }

    /** Each submission of the form decides anew: an earlier existing address does not stick to a later one. */
    static void forget(AuthenticationSessionModel authSession) {
        authSession.removeAuthNote(OWNER);
        authSession.removeAuthNote(ADDRESS);
        authSession.removeAuthNote(REFUSED);
        authSession.removeAuthNote(NOTICE_SENT_AT);
    }

    static boolean refused(AuthenticationSessionModel authSession) {
        return authSession.getAuthNote(REFUSED) != null;
    }

    static void markRefused(AuthenticationSessionModel authSession) {
        authSession.setAuthNote(REFUSED, "true");
    }

    /** When the notice was last sent (seconds since the epoch), or null if never. */
    static Long noticeSentAt(AuthenticationSessionModel authSession) {
        String at = authSession.getAuthNote(NOTICE_SENT_AT);
        return at == null ? null : Long.valueOf(at);
    }

    static void markNoticeSent(AuthenticationSessionModel authSession, long at) {
        authSession.setAuthNote(NOTICE_SENT_AT, Long.toString(at));
    }
}
