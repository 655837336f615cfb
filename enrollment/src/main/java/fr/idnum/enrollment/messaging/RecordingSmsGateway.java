package fr.idnum.enrollment.messaging;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

/**
 * The local stand-in for an SMS gateway: records what would have been sent, for the demo and the tests.
 * Chosen with {@code idnum.messaging.sms.provider=recording} ({@link MessagingChannels}); refused in the
 * production profile ({@link StandInGuard}). Injected by its own type only, so {@link SmsGateway} always
 * means the configured channel.
 */
@ApplicationScoped
@Typed(RecordingSmsGateway.class)
public class RecordingSmsGateway implements SmsGateway {

    /** One message that would have been sent. */
    public record RecordedSms(Instant at, String to, String text) {
    }

    private final List<RecordedSms> sent = new CopyOnWriteArrayList<>();
    private final Clock clock;

    RecordingSmsGateway(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void send(String e164Number, String text) {
        sent.add(new RecordedSms(clock.instant(), e164Number, text));
    }

    public List<RecordedSms> sentTo(String e164Number) {
        return sent.stream().filter(m -> m.to().equals(e164Number)).toList();
    }

    public List<RecordedSms> all() {
        return List.copyOf(sent);
    }
}
