package fr.idnum.enrollment.messaging;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

/**
 * The local stand-in for the print-and-post provider: records the letters that would have been posted, for the
 * demo and the tests. Chosen with {@code idnum.messaging.letter.provider=recording}; refused in the production
 * profile ({@link StandInGuard}). Injected by its own type only, so {@link LetterSender} always means the
 * configured channel.
 */
@ApplicationScoped
@Typed(RecordingLetterSender.class)
public class RecordingLetterSender implements LetterSender {

    /** One letter that would have been posted. */
    public record RecordedLetter(Instant at, Letter letter) {
    }

    private final List<RecordedLetter> posted = new CopyOnWriteArrayList<>();
    private final Clock clock;

    RecordingLetterSender(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void send(Letter letter) {
        posted.add(new RecordedLetter(clock.instant(), letter));
    }

    /** The letters posted under this reference (an enrollment's id), oldest first. */
    public List<RecordedLetter> sentFor(String reference) {
        return posted.stream().filter(l -> l.letter().reference().equals(reference)).toList();
    }

    public List<RecordedLetter> all() {
        return List.copyOf(posted);
    }
}
