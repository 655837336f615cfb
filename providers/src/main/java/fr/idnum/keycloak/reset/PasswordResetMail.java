package fr.idnum.keycloak.reset;

import java.util.Map;

import org.keycloak.email.EmailException;
import org.keycloak.email.freemarker.FreeMarkerEmailTemplateProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The password-reset e-mail as Keycloak writes it (its theme, the citizen's language, its links), written on the
 * request thread, which alone knows the request's URI and language, and kept for a {@link ResetMailSending} to send.
 */
record PasswordResetMail(String address, String subject, String textBody, String htmlBody) {

    /** Writes the e-mail carrying {@code link} to {@code user}'s address; sends nothing. */
    static PasswordResetMail write(KeycloakSession session, RealmModel realm, UserModel user,
            AuthenticationSessionModel authSession, String link, long lifespanMinutes) throws EmailException {
        Writer writer = new Writer(session);
        writer.setRealm(realm).setUser(user).setAuthenticationSession(authSession);
        writer.sendPasswordReset(link, lifespanMinutes);
        return new PasswordResetMail(user.getEmail(), writer.subject, writer.textBody, writer.htmlBody);
    }

    /** Keycloak's e-mail templating, whose last step keeps the message instead of handing it to the SMTP server. */
    private static final class Writer extends FreeMarkerEmailTemplateProvider {
        private String subject;
        private String textBody;
        private String htmlBody;

        Writer(KeycloakSession session) {
            super(session);
        }

        @Override
        protected void send(Map<String, String> config, String subject, String textBody, String htmlBody, String address) {
            this.subject = subject;
            this.textBody = textBody;
            this.htmlBody = htmlBody;
        }
    }

    /** No link (the token in it) in a log line or a debugger's view of the queue. */
    @Override
    public String toString() {
        return "PasswordResetMail[subject=" + subject + "]";
    }
}
