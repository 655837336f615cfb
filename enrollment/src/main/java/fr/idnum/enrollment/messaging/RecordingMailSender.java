package fr.idnum.enrollment.messaging;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

/**
 * The local stand-in for SMTP: records what would have been sent, for the demo and the tests. Chosen with
 * {@code idnum.messaging.mail.provider=recording}; refused in the production profile ({@link StandInGuard}).
 * Quarkus' own mock mailer is not used because it prints every body, codes included, on the console.
 */
@ApplicationScoped
@Typed(RecordingMailSender.class)
public class RecordingMailSender implements MailSender {

    /** One e-mail that would have been sent. */
    public record RecordedMail(Instant at, String to, String subject, String text) {
    }

    private final List<RecordedMail> sent = new CopyOnWriteArrayList<>();
    private final Clock clock;

    RecordingMailSender(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void send(String to, String subject, String text) {
        sent.add(new RecordedMail(clock.instant(), to, subject, text));
    }

    public List<RecordedMail> sentTo(String address) {
        return sent.stream().filter(m -> m.to().equalsIgnoreCase(address)).toList();
    }

    public List<RecordedMail> all() {
        return List.copyOf(sent);
    }
}
