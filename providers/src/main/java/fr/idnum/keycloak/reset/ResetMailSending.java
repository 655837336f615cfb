package fr.idnum.keycloak.reset;

import fr.idnum.keycloak.delivery.SenderPool;
import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailSenderProvider;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.Event;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Sends one written password-reset e-mail on a {@link SenderPool} thread, in its own Keycloak session, and records
 * the outcome as Keycloak's reset step does: a {@code SEND_RESET_PASSWORD} event, or its {@code email_send_failed}
 * error with the reason, plus a log line. The event is the one the request prepared (its client, IP address, user and
 * details), so it reads as if the request had sent it. Neither the link nor the body is ever logged.
 */
final class ResetMailSending implements SenderPool.Job {

    private static final Logger LOG = Logger.getLogger(ResetMailSending.class);

    /** The reason recorded when the node's queue of e-mails is full. */
    static final String QUEUE_FULL = "too many e-mails waiting to be sent";

    private final String realmId;
    private final PasswordResetMail mail;
    private final Event sent;

    /** {@code sent}: the {@code SEND_RESET_PASSWORD} event the request prepared, not yet recorded. */
    ResetMailSending(String realmId, PasswordResetMail mail, Event sent) {
        this.realmId = realmId;
        this.mail = mail;
        this.sent = sent;
    }

    @Override
    public void run(KeycloakSession session) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null) {
            LOG.warnf("idnum-reset-mail: the realm of a password-reset e-mail is gone; not sent (user %s)", sent.getUserId());
            return;
        }
        // The SMTP settings may name vault secrets, which are looked up in the context's realm.
        session.getContext().setRealm(realm);
        try {
            session.getProvider(EmailSenderProvider.class)
                    .send(realm.getSmtpConfig(), mail.address(), mail.subject(), mail.textBody(), mail.htmlBody());
        } catch (EmailException e) {
            failed(session, realm, e.getMessage(), e.getCause());
            return;
        }
        event(session, realm).success();
    }

    @Override
    public void notSent(KeycloakSession session) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm != null) {
            session.getContext().setRealm(realm);
            failed(session, realm, QUEUE_FULL, null);
        }
    }

    private void failed(KeycloakSession session, RealmModel realm, String reason, Throwable cause) {
        LOG.warnf("idnum-reset-mail: the password-reset e-mail of user %s was not sent: %s%s", sent.getUserId(), reason,
                cause == null ? "" : " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")");
        event(session, realm).detail(Details.REASON, reason).error(Errors.EMAIL_SEND_FAILED);
    }

    /** The request's event, rebuilt in this session: the request's own session is closed by now. */
    private EventBuilder event(KeycloakSession session, RealmModel realm) {
        EventBuilder event = new EventBuilder(realm, session)
                .event(sent.getType())
                .client(sent.getClientId())
                .user(sent.getUserId())
                .session(sent.getSessionId())
                .ipAddress(sent.getIpAddress());
        if (sent.getDetails() != null) {
            sent.getDetails().forEach(event::detail);
        }
        return event;
    }
}
