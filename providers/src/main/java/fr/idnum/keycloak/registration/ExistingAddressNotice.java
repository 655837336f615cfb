package fr.idnum.keycloak.registration;

import java.util.HashMap;

import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The e-mail that tells an account's owner that someone tried to create an account with their address, and that
 * "Mot de passe oublié ?" is the way back if it was them. It carries no link (a notice one did not ask for must
 * not invite a click), in the language picked on the page if one was, else the owner's (French unless they chose
 * English), from the theme's
 * {@code idnum-registration-notice.ftl}. Sent within the request, as Keycloak's verify-e-mail step sends a new
 * account's e-mail, so that both answers wait on the SMTP server alike.
 */
final class ExistingAddressNotice {

    static final String SUBJECT = "idnumRegistrationNoticeSubject";
    static final String TEMPLATE = "idnum-registration-notice.ftl";

    private ExistingAddressNotice() {
    }

    static void send(KeycloakSession session, RealmModel realm, UserModel owner, AuthenticationSessionModel authSession)
            throws EmailException {
        session.getProvider(EmailTemplateProvider.class)
                .setRealm(realm)
                .setUser(owner)
                .setAuthenticationSession(authSession)
                // A map of our own: Keycloak adds the template's attributes (locale, realm name, …) to it.
                .send(SUBJECT, TEMPLATE, new HashMap<>());
    }
}
