package fr.idnum.enrollment.messaging;

/** Sends a plain-text e-mail to a citizen. Implementations must never log the text: it may carry a code. */
public interface MailSender {

    void send(String to, String subject, String text);
}
