package fr.idnum.keycloak.registration;

import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * A registration whose address already names an account, as the form step ({@link AccountCreationAction}) leaves it
 * for {@link RegistrationEmailAuthenticator} in the authentication session's notes: whose account (its id, for the
 * notice and the event) and the address as a new account would keep it (for the page). Nothing is written on the
 * account itself.
 */
record ExistingAddress(String ownerId, String address) {

    private static final String OWNER = "idnum.registration.existing.owner";
    private static final String ADDRESS = "idnum.registration.existing.address";

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
    }
}
