package fr.idnum.enrollment.messaging;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

/**
 * The local stand-in for the registered electronic letter provider: records the letters that would have been
 * sent, for the demo and the tests (where nobody identifies the reader: whoever reads the outbox plays the
 * identified addressee). Chosen with {@code idnum.messaging.registered-letter.provider=recording}; refused in the
 * production profile ({@link StandInGuard}). Injected by its own type only, so {@link RegisteredLetterSender}
 * always means the configured channel.
 */
@ApplicationScoped
@Typed(RecordingRegisteredLetterSender.class)
public class RecordingRegisteredLetterSender implements RegisteredLetterSender {

    /** One registered letter that would have been sent. */
    public record RecordedRegisteredLetter(Instant at, RegisteredLetter letter) {
    }

    private final List<RecordedRegisteredLetter> sent = new CopyOnWriteArrayList<>();
    private final Clock clock;

    RecordingRegisteredLetterSender(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void send(RegisteredLetter letter) {
        sent.add(new RecordedRegisteredLetter(clock.instant(), letter));
    }

    /** The letters sent to this address (any case), oldest first. */
    public List<RecordedRegisteredLetter> sentTo(String email) {
        return sent.stream().filter(l -> l.letter().email().equalsIgnoreCase(email)).toList();
    }

    public List<RecordedRegisteredLetter> all() {
        return List.copyOf(sent);
    }
}
