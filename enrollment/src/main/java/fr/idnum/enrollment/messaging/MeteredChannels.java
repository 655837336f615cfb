package fr.idnum.enrollment.messaging;

import java.util.Locale;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Times and counts every message sent, by channel and outcome — Prometheus {@code idnum_messages_seconds_count},
 * {@code _sum}, {@code _max} with {@code channel} (sms, mail, letter, registered_letter, push) and {@code outcome} (sent, failed, or the push
 * outcome: delivered, unregistered_token, quota_exceeded, unavailable, invalid_argument). What the person on call
 * looks at first when citizens say no code came. Tags never carry a number, an address, a text or a token.
 *
 * <p>Wraps the channel {@link MessagingChannels} picked; code that must know which implementation is behind a
 * channel looks through the wrapper with {@link #unwrap(Object)}.
 */
final class MeteredChannels {

    static final String METER = "idnum.messages";

    private MeteredChannels() {
    }

    /** The implementation behind a (possibly metered) channel. */
    static Object unwrap(Object channel) {
        return channel instanceof Metered metered ? metered.delegate() : channel;
    }

    interface Metered {
        Object delegate();
    }

    static SmsGateway sms(SmsGateway delegate, MeterRegistry registry) {
        return new MeteredSms(delegate, registry);
    }

    static MailSender mail(MailSender delegate, MeterRegistry registry) {
        return new MeteredMail(delegate, registry);
    }

    static LetterSender letter(LetterSender delegate, MeterRegistry registry) {
        return new MeteredLetter(delegate, registry);
    }

    static RegisteredLetterSender registeredLetter(RegisteredLetterSender delegate, MeterRegistry registry) {
        return new MeteredRegisteredLetter(delegate, registry);
    }

    static PushSender push(PushSender delegate, MeterRegistry registry) {
        return new MeteredPush(delegate, registry);
    }

    private record MeteredSms(SmsGateway delegate, MeterRegistry registry) implements SmsGateway, Metered {
        @Override
        public void send(String e164Number, String text) {
            timed(registry, "sms", () -> {
                delegate.send(e164Number, text);
                return "sent";
            });
        }
    }

    private record MeteredMail(MailSender delegate, MeterRegistry registry) implements MailSender, Metered {
        @Override
        public void send(String to, String subject, String text) {
            timed(registry, "mail", () -> {
                delegate.send(to, subject, text);
                return "sent";
            });
        }
    }

    private record MeteredLetter(LetterSender delegate, MeterRegistry registry) implements LetterSender, Metered {
        @Override
        public void send(Letter letter) {
            timed(registry, "letter", () -> {
                delegate.send(letter);
                return "sent";
            });
        }
    }

    private record MeteredRegisteredLetter(RegisteredLetterSender delegate, MeterRegistry registry)
            implements RegisteredLetterSender, Metered {
        @Override
        public void send(RegisteredLetter letter) {
            timed(registry, "registered_letter", () -> {
                delegate.send(letter);
                return "sent";
            });
        }
    }

    private record MeteredPush(PushSender delegate, MeterRegistry registry) implements PushSender, Metered {
        @Override
        public PushOutcome send(PushMessage message) {
            PushOutcome[] outcome = new PushOutcome[1];
            timed(registry, "push", () -> {
                outcome[0] = delegate.send(message);
                return outcome[0].status().name().toLowerCase(Locale.ROOT);
            });
            return outcome[0];
        }
    }

    /** Runs {@code send}, which names its outcome; a thrown exception is the outcome "failed", and is rethrown. */
    private static void timed(MeterRegistry registry, String channel, Supplier<String> send) {
        Timer.Sample sample = Timer.start(registry);
        String outcome = "failed";
        try {
            outcome = send.get();
        } finally {
            sample.stop(Timer.builder(METER).description("Messages sent to citizens, by channel and outcome")
                    .tag("channel", channel).tag("outcome", outcome).register(registry));
        }
    }
}
