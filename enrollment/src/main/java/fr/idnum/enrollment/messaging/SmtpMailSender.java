package fr.idnum.enrollment.messaging;

import java.time.Duration;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import org.jboss.logging.Logger;

/**
 * E-mail over SMTP through Quarkus Mailer ({@code quarkus.mailer.*}: host, port, STARTTLS, credentials,
 * sender address). A refusal of the SMTP server, or no answer in time, is a {@link MessageNotSentException}.
 */
public class SmtpMailSender implements MailSender {

    private static final Logger LOG = Logger.getLogger(SmtpMailSender.class);

    private final ReactiveMailer mailer;
    private final Duration sendTimeout;

    /** The reactive mailer, because the blocking one waits for the SMTP server without any limit. */
    public SmtpMailSender(ReactiveMailer mailer, Duration sendTimeout) {
        this.mailer = mailer;
        this.sendTimeout = sendTimeout;
    }

    @Override
    public void send(String to, String subject, String text) {
        try {
            mailer.send(Mail.withText(to, subject, text)).await().atMost(sendTimeout);
        } catch (RuntimeException e) {
            // The class says enough (refused, timed out, unreachable); SMTP replies may quote the recipient.
            String reason = "not accepted by the SMTP server (" + e.getClass().getSimpleName() + ")";
            LOG.warnf("E-mail not sent: %s", reason);
            throw new MessageNotSentException("e-mail", reason, e);
        }
    }
}
