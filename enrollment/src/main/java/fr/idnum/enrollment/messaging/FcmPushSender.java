package fr.idnum.enrollment.messaging;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.google.api.core.ApiFuture;
import com.google.api.client.http.HttpTransport;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.firebase.FirebaseApp;
import com.google.firebase.FirebaseOptions;
import com.google.firebase.messaging.AndroidConfig;
import com.google.firebase.messaging.ApnsConfig;
import com.google.firebase.messaging.Aps;
import com.google.firebase.messaging.ApsAlert;
import com.google.firebase.messaging.FirebaseMessaging;
import com.google.firebase.messaging.FirebaseMessagingException;
import com.google.firebase.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Push through Firebase Cloud Messaging (HTTP v1) with firebase-admin.
 *
 * <p>The message is data-only ({@code type} and {@code challenge_id}, nothing personal): the app builds its
 * own notification, in the citizen's language, after fetching the challenge from Keycloak. Android gets
 * priority HIGH, so the app is woken at once even in Doze, and a TTL equal to the challenge's lifetime, so a
 * phone that comes back online later is not asked about a dead challenge. On iOS a silent
 * ({@code apns-push-type: background}) push would have to use priority 5 and is throttled or dropped by iOS
 * at will, which a person waiting at a login page cannot afford; so it is an alert push at priority 10
 * whose text is a localisation key of the app (no words of ours, no personal data), with
 * {@code content-available} so the app can fetch the challenge before the citizen opens it, and
 * {@code apns-expiration} at the challenge's end.
 */
public final class FcmPushSender implements PushSender, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FcmPushSender.class);

    /** The value of the {@code type} data field: lets the app tell our pushes from any other. */
    public static final String MESSAGE_TYPE = "idnum-challenge";
    /** Key of the sign-in request text in the iOS app's Localizable.strings. */
    public static final String IOS_ALERT_KEY = "IDNUM_SIGN_IN_REQUEST";

    /**
     * Where the credentials are and how long to wait for Google: each connection and each read, and the whole send
     * with firebase-admin's own retries (a 503, not a 500, is tried again up to four times, 0.5 s to 4 s apart).
     */
    public record Settings(Path serviceAccountFile, Optional<String> projectId, Duration connectTimeout, Duration readTimeout,
                           Duration sendTimeout) {
    }

    private final FirebaseApp app;
    private final FirebaseMessaging messaging;
    private final Clock clock;
    private final Duration sendTimeout;

    private FcmPushSender(FirebaseApp app, Clock clock, Duration sendTimeout) {
        this.app = app;
        this.messaging = FirebaseMessaging.getInstance(app);
        this.clock = clock;
        this.sendTimeout = sendTimeout;
    }

    /**
     * Reads the service account and starts a Firebase app of its own (a unique name, so several senders or
     * restarts in one JVM never clash over firebase-admin's global registry of apps).
     *
     * @param transport {@code null} for firebase-admin's own HTTP/2 transport; tests pass one aimed at a stub
     */
    public static FcmPushSender start(Settings settings, HttpTransport transport, Clock clock) {
        FirebaseOptions.Builder options = FirebaseOptions.builder()
                .setCredentials(serviceAccount(settings.serviceAccountFile()))
                .setConnectTimeout(Math.toIntExact(settings.connectTimeout().toMillis()))
                .setReadTimeout(Math.toIntExact(settings.readTimeout().toMillis()));
        settings.projectId().ifPresent(options::setProjectId);
        if (transport != null) {
            options.setHttpTransport(transport);
        }
        return new FcmPushSender(FirebaseApp.initializeApp(options.build(), "idnum-push-" + UUID.randomUUID()), clock,
                settings.sendTimeout());
    }

    /** Only a service-account key is accepted: a generic credentials file could make us call any token URL. */
    private static ServiceAccountCredentials serviceAccount(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return ServiceAccountCredentials.fromStream(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the FCM service account key " + file, e);
        }
    }

    /**
     * Waits for FCM at most the send timeout, retries included: Keycloak's push step waits 2 s for this service and
     * must get a definite answer (503: the citizen opens the app) rather than a timeout of its own. A send given up is
     * not cancelled: it goes on in firebase-admin's thread until its own timeouts and retries end it, and if it gets
     * through, the phone is woken a little late for a challenge it can still answer (or that has expired: the app
     * then finds nothing pending).
     */
    @Override
    public PushOutcome send(PushMessage push) {
        ApiFuture<String> sent = messaging.sendAsync(messageFor(push));
        try {
            String messageId = sent.get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.debugf("Push for challenge %s accepted by FCM as %s", push.challengeId(), messageId);
            return PushOutcome.delivered(messageId);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof FirebaseMessagingException refused) {
                PushOutcome outcome = FcmErrors.outcomeOf(refused);
                // Neither the token nor FCM's message (which may quote the request) is logged.
                LOG.warnf("Push for challenge %s not delivered: %s (FCM %s / %s)", push.challengeId(), outcome.status(),
                        refused.getErrorCode(), refused.getMessagingErrorCode());
                return outcome;
            }
            LOG.warnf("Push for challenge %s not delivered: FAILED (%s)", push.challengeId(),
                    e.getCause() == null ? "no cause" : e.getCause().getClass().getSimpleName());
            return PushOutcome.of(PushOutcome.Status.FAILED);
        } catch (TimeoutException e) {
            LOG.warnf("Push for challenge %s not delivered: UNAVAILABLE (no answer from FCM within %s)", push.challengeId(), sendTimeout);
            return PushOutcome.of(PushOutcome.Status.UNAVAILABLE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return PushOutcome.of(PushOutcome.Status.UNAVAILABLE);
        }
    }

    Message messageFor(PushMessage push) {
        Message.Builder message = Message.builder()
                .setToken(push.registrationToken())
                .putData("type", MESSAGE_TYPE)
                .putData("challenge_id", push.challengeId());
        if (push.platform() == PushMessage.Platform.ANDROID) {
            message.setAndroidConfig(AndroidConfig.builder()
                    .setPriority(AndroidConfig.Priority.HIGH)
                    .setTtl(push.ttl().toMillis())
                    .build());
        } else {
            Instant expiry = clock.instant().plus(push.ttl());
            message.setApnsConfig(ApnsConfig.builder()
                    .putHeader("apns-priority", "10")
                    .putHeader("apns-push-type", "alert")
                    .putHeader("apns-expiration", Long.toString(expiry.getEpochSecond()))
                    .setAps(Aps.builder()
                            .setAlert(ApsAlert.builder().setLocalizationKey(IOS_ALERT_KEY).build())
                            .setContentAvailable(true)
                            .build())
                    .build());
        }
        return message.build();
    }

    /** The name firebase-admin knows this sender's app by. */
    String appName() {
        return app.getName();
    }

    @Override
    public void close() {
        app.delete();
    }
}
