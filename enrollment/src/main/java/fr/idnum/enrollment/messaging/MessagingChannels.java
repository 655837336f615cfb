package fr.idnum.enrollment.messaging;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.runtime.Startup;

/**
 * Picks the implementation of each outbound channel from {@code idnum.messaging.*.provider}, once, at
 * start-up: a real provider whose settings are missing or unreadable stops the service before it takes
 * traffic rather than at the first citizen's SMS.
 */
@ApplicationScoped
class MessagingChannels {

    @Produces
    @ApplicationScoped
    @Startup
    SmsGateway sms(MessagingConfig config, RecordingSmsGateway recording, ObjectMapper json) {
        return switch (config.sms().provider()) {
            case RECORDING -> recording;
            case HTTP -> HttpSmsGateway.from(config.sms().http(), json);
        };
    }

    @Produces
    @ApplicationScoped
    @Startup
    MailSender mail(MessagingConfig config, RecordingMailSender recording, ReactiveMailer mailer) {
        return switch (config.mail().provider()) {
            case RECORDING -> recording;
            case SMTP -> new SmtpMailSender(mailer, config.mail().sendTimeout());
        };
    }

    @Produces
    @ApplicationScoped
    @Startup
    PushSender push(MessagingConfig config, RecordingPushSender recording, Clock clock) {
        return switch (config.push().provider()) {
            case RECORDING -> recording;
            case FCM -> FcmPushSender.start(fcmSettings(config.push().fcm()), null, clock);
        };
    }

    /** Releases firebase-admin's threads and its entry in the registry of apps. */
    void stop(@Disposes PushSender sender) {
        if (sender instanceof FcmPushSender fcm) {
            fcm.close();
        }
    }

    private static FcmPushSender.Settings fcmSettings(MessagingConfig.Push.Fcm fcm) {
        return new FcmPushSender.Settings(
                fcm.serviceAccountFile().orElseThrow(() -> new IllegalStateException(
                        "idnum.messaging.push.provider=fcm needs idnum.messaging.push.fcm.service-account-file"
                                + " (IDNUM_FCM_SERVICE_ACCOUNT_FILE)")),
                fcm.projectId(), fcm.connectTimeout(), fcm.readTimeout());
    }
}
