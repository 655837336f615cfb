package fr.idnum.enrollment.messaging;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

/**
 * The local stand-in for FCM: records the pushes that would have been sent, for the demo, the phone
 * simulator and the tests. By default every push is accepted; {@link #answer} makes a given token fail the
 * way FCM would, so the callers' handling of stale tokens and outages can be exercised without Google, and so do
 * the tokens starting with {@code idnum.messaging.push.recording.unregistered-token-prefix} (answered as FCM answers
 * a token it no longer knows: the end-to-end tests run this service as a process of its own and reach no method).
 * Refused in the production profile ({@link StandInGuard}).
 */
@ApplicationScoped
@Typed(RecordingPushSender.class)
public class RecordingPushSender implements PushSender {

    /** One push that would have been sent, and the answer it got. */
    public record RecordedPush(Instant at, PushMessage message, PushOutcome outcome) {
    }

    private final List<RecordedPush> sent = new CopyOnWriteArrayList<>();
    private final Map<String, PushOutcome> scripted = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Clock clock;
    private final Optional<String> unregisteredPrefix;

    RecordingPushSender(Clock clock, MessagingConfig config) {
        this.clock = clock;
        this.unregisteredPrefix = config.push().recording().unregisteredTokenPrefix().filter(prefix -> !prefix.isBlank());
    }

    @Override
    public PushOutcome send(PushMessage message) {
        String token = message.registrationToken();
        PushOutcome outcome = scripted.containsKey(token) ? scripted.get(token)
                : unregisteredPrefix.filter(token::startsWith).isPresent() ? PushOutcome.of(PushOutcome.Status.UNREGISTERED_TOKEN)
                : PushOutcome.delivered("recorded/" + ids.incrementAndGet());
        sent.add(new RecordedPush(clock.instant(), message, outcome));
        return outcome;
    }

    /** From now on, pushes to this token get this outcome instead of being accepted. */
    public void answer(String registrationToken, PushOutcome outcome) {
        scripted.put(registrationToken, outcome);
    }

    public List<RecordedPush> sentTo(String registrationToken) {
        return sent.stream().filter(p -> p.message().registrationToken().equals(registrationToken)).toList();
    }

    public List<RecordedPush> all() {
        return List.copyOf(sent);
    }
}
