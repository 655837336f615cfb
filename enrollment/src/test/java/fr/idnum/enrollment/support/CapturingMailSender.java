package fr.idnum.enrollment.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import fr.idnum.enrollment.messaging.MailSender;

/** Keeps the e-mails the service sends during the tests. */
@Alternative
@Priority(1)
@ApplicationScoped
public class CapturingMailSender implements MailSender {

    /** One e-mail. */
    public record Mail(String to, String subject, String text) {
    }

    private final List<Mail> sent = new CopyOnWriteArrayList<>();

    @Override
    public void send(String to, String subject, String text) {
        sent.add(new Mail(to, subject, text));
    }

    public List<Mail> all() {
        return List.copyOf(sent);
    }

    public List<Mail> sentTo(String to) {
        return sent.stream().filter(m -> m.to().equals(to)).toList();
    }
}
