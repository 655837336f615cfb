package fr.idnum.enrollment.messaging;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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

    /** One push that would have been sent, and the answer it got; {@code sequence} counts them from 1. */
    public record RecordedPush(long sequence, Instant at, PushMessage message, PushOutcome outcome) {
    }

    /**
     * Every push, oldest first (index = sequence - 1), and the same by token: a reader polling for its phone's push,
     * or for every push after the last it saw, costs what it reads, not what was ever sent (the bench's thousands of
     * phones poll here). Both guarded by {@code this}.
     */
    private final List<RecordedPush> sent = new ArrayList<>();
    private final Map<String, List<RecordedPush>> sentByToken = new HashMap<>();
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
        synchronized (this) {
            RecordedPush recorded = new RecordedPush(sent.size() + 1L, clock.instant(), message, outcome);
            sent.add(recorded);
            sentByToken.computeIfAbsent(token, t -> new ArrayList<>()).add(recorded);
        }
        return outcome;
    }

    /** From now on, pushes to this token get this outcome instead of being accepted. */
    public void answer(String registrationToken, PushOutcome outcome) {
        scripted.put(registrationToken, outcome);
    }

    public synchronized List<RecordedPush> sentTo(String registrationToken) {
        return List.copyOf(sentByToken.getOrDefault(registrationToken, List.of()));
    }

    public synchronized List<RecordedPush> all() {
        return List.copyOf(sent);
    }

    /** The pushes recorded after the one numbered {@code sequence} (0: all), oldest first. */
    public synchronized List<RecordedPush> after(long sequence) {
        return sequence >= sent.size() ? List.of() : List.copyOf(sent.subList((int) Math.max(0, sequence), sent.size()));
    }
}
