package fr.idnum.enrollment.messaging;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.runtime.Startup;

/**
 * Picks the implementation of each outbound channel from {@code idnum.messaging.*.provider}, once, at
 * start-up: a real provider whose settings are missing or unreadable stops the service before it takes
 * traffic rather than at the first citizen's SMS. Each channel is timed and counted ({@link MeteredChannels}).
 */
@ApplicationScoped
class MessagingChannels {

    @Produces
    @ApplicationScoped
    @Startup
    SmsGateway sms(MessagingConfig config, RecordingSmsGateway recording, ObjectMapper json, MeterRegistry registry) {
        return MeteredChannels.sms(switch (config.sms().provider()) {
            case RECORDING -> recording;
            case HTTP -> HttpSmsGateway.from(config.sms().http(), json);
        }, registry);
    }

    @Produces
    @ApplicationScoped
    @Startup
    MailSender mail(MessagingConfig config, RecordingMailSender recording, ReactiveMailer mailer, MeterRegistry registry) {
        return MeteredChannels.mail(switch (config.mail().provider()) {
            case RECORDING -> recording;
            case SMTP -> new SmtpMailSender(mailer, config.mail().sendTimeout());
        }, registry);
    }

    @Produces
    @ApplicationScoped
    @Startup
    LetterSender letter(MessagingConfig config, RecordingLetterSender recording, ObjectMapper json, MeterRegistry registry) {
        return MeteredChannels.letter(switch (config.letter().provider()) {
            case RECORDING -> recording;
            case HTTP -> HttpLetterSender.from(config.letter().http(), json);
        }, registry);
    }

    @Produces
    @ApplicationScoped
    @Startup
    RegisteredLetterSender registeredLetter(MessagingConfig config, RecordingRegisteredLetterSender recording, ObjectMapper json,
                                            MeterRegistry registry) {
        return MeteredChannels.registeredLetter(switch (config.registeredLetter().provider()) {
            case RECORDING -> recording;
            case HTTP -> HttpRegisteredLetterSender.from(config.registeredLetter().http(), json);
        }, registry);
    }

    @Produces
    @ApplicationScoped
    @Startup
    PushSender push(MessagingConfig config, RecordingPushSender recording, Clock clock, MeterRegistry registry) {
        return MeteredChannels.push(switch (config.push().provider()) {
            case RECORDING -> recording;
            case FCM -> FcmPushSender.start(fcmSettings(config.push().fcm()), null, clock);
        }, registry);
    }

    /** Releases firebase-admin's threads and its entry in the registry of apps. */
    void stop(@Disposes PushSender sender) {
        if (MeteredChannels.unwrap(sender) instanceof FcmPushSender fcm) {
            fcm.close();
        }
    }

    private static FcmPushSender.Settings fcmSettings(MessagingConfig.Push.Fcm fcm) {
        return new FcmPushSender.Settings(
                fcm.serviceAccountFile().orElseThrow(() -> new IllegalStateException(
                        "idnum.messaging.push.provider=fcm needs idnum.messaging.push.fcm.service-account-file"
                                + " (IDNUM_FCM_SERVICE_ACCOUNT_FILE)")),
                fcm.projectId(), fcm.connectTimeout(), fcm.readTimeout(), fcm.sendTimeout());
    }
}
