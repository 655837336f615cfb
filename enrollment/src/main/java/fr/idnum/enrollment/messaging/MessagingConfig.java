package fr.idnum.enrollment.messaging;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Which implementation carries each outbound channel, and how to reach the real ones. The recording
 * stand-ins are the default so that a forgotten setting fails loudly in production ({@link StandInGuard})
 * instead of silently talking to a provider.
 */
@ConfigMapping(prefix = "idnum.messaging")
public interface MessagingConfig {

    Sms sms();

    Mail mail();

    Push push();

    Letter letter();

    RegisteredLetter registeredLetter();

    /** Where SMS go. */
    interface Sms {

        @WithDefault("recording")
        SmsProvider provider();

        Http http();

        /** A generic HTTP SMS gateway: JSON POST with a bearer API key. */
        interface Http {

            Optional<URI> url();

            Optional<String> apiKey();

            /** Alphanumeric sender id shown on the citizen's phone (at most 11 characters for French operators). */
            @WithDefault("IDNUM")
            String sender();

            @WithDefault("PT2S")
            Duration connectTimeout();

            /** A citizen waits for the answer: a slow gateway must fail rather than hold the request. */
            @WithDefault("PT5S")
            Duration requestTimeout();
        }
    }

    /** Where e-mails go. */
    interface Mail {

        @WithDefault("recording")
        MailProvider provider();

        /** Longest wait for the SMTP server to accept a message (quarkus.mailer.* says where it is). */
        @WithDefault("PT10S")
        Duration sendTimeout();
    }

    /** Where pushes to the phone app go. */
    interface Push {

        @WithDefault("recording")
        PushProvider provider();

        Fcm fcm();

        Recording recording();

        /** The recording stand-in (dev, tests, the demo profile; refused in production by {@link StandInGuard}). */
        interface Recording {

            /**
             * Registration tokens starting with this are answered the way FCM answers a token it no longer knows
             * ({@code UNREGISTERED}), from their first push on: how the end-to-end tests show what Keycloak does
             * then. Unset: every push is taken.
             */
            Optional<String> unregisteredTokenPrefix();
        }

        /** Firebase Cloud Messaging (HTTP v1) through firebase-admin. */
        interface Fcm {

            /** The service account's JSON key file; it also names the Firebase project. */
            Optional<Path> serviceAccountFile();

            /** Only when the project differs from the service account's own. */
            Optional<String> projectId();

            @WithDefault("PT2S")
            Duration connectTimeout();

            @WithDefault("PT5S")
            Duration readTimeout();

            /**
             * The longest a push request waits for FCM, firebase-admin's retries included: below the 2 s Keycloak's
             * push step waits for this service ({@code push-timeout} of the {@code idnum-enrollment} provider), so
             * Keycloak gets a definite 503 rather than a timeout, and no request thread is held longer.
             */
            @WithDefault("PT1.5S")
            Duration sendTimeout();
        }
    }

    /** Where letters go: activation codes sent after the identity check, to the verified postal address. */
    interface Letter {

        @WithDefault("recording")
        LetterProvider provider();

        Http http();

        /** A print-and-post provider's HTTP API: JSON POST with a bearer API key. */
        interface Http {

            Optional<URI> url();

            Optional<String> apiKey();

            /** The provider's name for the postage: a code under cooling-off needs no faster than standard mail. */
            @WithDefault("standard")
            String postage();

            @WithDefault("PT2S")
            Duration connectTimeout();

            /** An operator or a citizen waits for the answer: a slow provider must fail rather than hold the request. */
            @WithDefault("PT10S")
            Duration requestTimeout();
        }
    }

    /**
     * Where registered electronic letters go: the activation code after a remote identity check, opened only to the
     * addressee the provider identified.
     */
    interface RegisteredLetter {

        @WithDefault("recording")
        RegisteredLetterProvider provider();

        Http http();

        /** A qualified registered electronic delivery provider's HTTP API: JSON POST with a bearer API key. */
        interface Http {

            Optional<URI> url();

            Optional<String> apiKey();

            @WithDefault("PT2S")
            Duration connectTimeout();

            /** The remote provider's callback waits for the answer: a slow provider must fail rather than hold it. */
            @WithDefault("PT10S")
            Duration requestTimeout();
        }
    }

    enum RegisteredLetterProvider {
        RECORDING, HTTP
    }

    enum LetterProvider {
        RECORDING, HTTP
    }

    enum SmsProvider {
        RECORDING, HTTP
    }

    enum MailProvider {
        RECORDING, SMTP
    }

    enum PushProvider {
        RECORDING, FCM
    }
}
