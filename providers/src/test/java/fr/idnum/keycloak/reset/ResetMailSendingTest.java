package fr.idnum.keycloak.reset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.email.EmailException;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;

class ResetMailSendingTest {

    private static final String LINK = "https://idnum.test/realms/idnum/login-actions/action-token?key=SECRET-TOKEN";
    private static final PasswordResetMail MAIL = new PasswordResetMail("citizen@example.fr", "Réinitialiser le mot de passe",
            "Suivez ce lien : " + LINK, "<a href=\"" + LINK + "\">lien</a>");

    private final ResetKeycloak keycloak = new ResetKeycloak();
    private final List<LogRecord> logged = new ArrayList<>();
    private final Logger log = Logger.getLogger(ResetMailSending.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLog() {
        log.addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        log.removeHandler(capture);
    }

    @Test
    void sendsTheWrittenMailAndRecordsTheRequestsEventOnceSent() {
        sending().run(keycloak.session);

        assertEquals(List.of(new ResetKeycloak.Handed(MAIL.address(), MAIL.subject(), MAIL.textBody())), keycloak.handed);
        assertSame(keycloak.realm, keycloak.contextRealm, "the SMTP settings' vault secrets are read in the realm");
        Event event = onlyEvent();
        assertEquals(EventType.SEND_RESET_PASSWORD, event.getType());
        assertNull(event.getError());
        assertEquals("user-id", event.getUserId());
        assertEquals("mon-compte-formation", event.getClientId());
        assertEquals("10.1.2.3", event.getIpAddress());
        assertEquals(ResetKeycloak.REALM_ID, event.getRealmId());
        assertEquals(MAIL.address(), event.getDetails().get(Details.EMAIL));
        assertEquals("root-session", event.getDetails().get(Details.CODE_ID));
    }

    @Test
    void aFailedSendIsAnEventErrorAndALogLineWithoutTheLink() {
        keycloak.smtpFailure = new EmailException("Error when attempting to send the email to the server", new IllegalStateException("connection refused"));

        sending().run(keycloak.session);

        assertTrue(keycloak.handed.isEmpty());
        Event event = onlyEvent();
        assertEquals(EventType.SEND_RESET_PASSWORD_ERROR, event.getType());
        assertEquals(Errors.EMAIL_SEND_FAILED, event.getError());
        assertEquals("Error when attempting to send the email to the server", event.getDetails().get(Details.REASON));
        assertEquals("user-id", event.getUserId());
        assertEquals(1, logged.size(), "one log line");
        String line = logged.get(0).getMessage() + " " + List.of(logged.get(0).getParameters() == null ? new Object[0] : logged.get(0).getParameters());
        assertTrue(line.contains("user-id") && line.contains("connection refused"), line);
        assertFalse(line.contains("SECRET-TOKEN") || line.contains("action-token"), "no link in the log: " + line);
        assertFalse(MAIL.toString().contains("SECRET-TOKEN"), "nor in the mail's string form");
    }

    @Test
    void aMailThatCouldNotBeQueuedIsAnEventErrorToo() {
        sending().notSent(keycloak.session);

        assertTrue(keycloak.handed.isEmpty());
        Event event = onlyEvent();
        assertEquals(EventType.SEND_RESET_PASSWORD_ERROR, event.getType());
        assertEquals(Errors.EMAIL_SEND_FAILED, event.getError());
        assertEquals(ResetMailSending.QUEUE_FULL, event.getDetails().get(Details.REASON));
        assertEquals(1, logged.size());
    }

    private ResetMailSending sending() {
        Event sent = new Event();
        sent.setType(EventType.SEND_RESET_PASSWORD);
        sent.setUserId("user-id");
        sent.setClientId("mon-compte-formation");
        sent.setIpAddress("10.1.2.3");
        sent.setDetails(new java.util.HashMap<>(java.util.Map.of(Details.USERNAME, MAIL.address(), Details.EMAIL, MAIL.address(),
                Details.CODE_ID, "root-session")));
        return new ResetMailSending(ResetKeycloak.REALM_ID, MAIL, sent);
    }

    private Event onlyEvent() {
        assertEquals(1, keycloak.events.size(), "events: " + keycloak.events);
        return keycloak.events.get(0);
    }
}
