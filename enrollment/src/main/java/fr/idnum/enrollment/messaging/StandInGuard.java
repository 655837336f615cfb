package fr.idnum.enrollment.messaging;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.SmallRyeConfig;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Refuses to start the production profile with a stand-in on any outbound channel: a recording SMS
 * gateway, mailer, letter or registered letter sender, or push sender, or Quarkus' mock mailer, would swallow every code and push while the
 * service looks healthy. Dev, test and the demo profile ({@code QUARKUS_PROFILE=demo}) may use them.
 */
@ApplicationScoped
class StandInGuard {

    static final String PRODUCTION_PROFILE = "prod";

    private static final Logger LOG = Logger.getLogger(StandInGuard.class);

    private final MessagingConfig messaging;
    private final Config config;

    StandInGuard(MessagingConfig messaging, Config config) {
        this.messaging = messaging;
        this.config = config;
    }

    /** Before anything else observes start-up, so this is the first and only complaint. */
    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent started) {
        refuseStandInsInProduction(config.unwrap(SmallRyeConfig.class).getProfiles(), standIns());
        // One line that tells an operator where codes and pushes go (or that they go nowhere).
        LOG.infof("Outbound channels: SMS %s, e-mail %s, letter %s, registered letter %s, push %s", messaging.sms().provider(),
                messaging.mail().provider(), messaging.letter().provider(), messaging.registeredLetter().provider(),
                messaging.push().provider());
    }

    /** The settings that currently select a stand-in. */
    List<String> standIns() {
        List<String> standIns = new ArrayList<>();
        if (messaging.sms().provider() == MessagingConfig.SmsProvider.RECORDING) {
            standIns.add("idnum.messaging.sms.provider=recording");
        }
        if (messaging.mail().provider() == MessagingConfig.MailProvider.RECORDING) {
            standIns.add("idnum.messaging.mail.provider=recording");
        }
        if (messaging.letter().provider() == MessagingConfig.LetterProvider.RECORDING) {
            standIns.add("idnum.messaging.letter.provider=recording");
        }
        if (messaging.registeredLetter().provider() == MessagingConfig.RegisteredLetterProvider.RECORDING) {
            standIns.add("idnum.messaging.registered-letter.provider=recording");
        }
        if (messaging.push().provider() == MessagingConfig.PushProvider.RECORDING) {
            standIns.add("idnum.messaging.push.provider=recording");
        }
        if (config.getOptionalValue("quarkus.mailer.mock", Boolean.class).orElse(false)) {
            standIns.add("quarkus.mailer.mock=true");
        }
        return standIns;
    }

    static void refuseStandInsInProduction(Collection<String> activeProfiles, List<String> standIns) {
        if (activeProfiles.contains(PRODUCTION_PROFILE) && !standIns.isEmpty()) {
            throw new IllegalStateException("Refusing to start: the production profile sends nothing with "
                    + String.join(", ", standIns) + ". Configure the real SMS, e-mail, letter, registered letter and push providers"
                    + " (see docs/operations.md), or run a demo with QUARKUS_PROFILE=demo.");
        }
    }
}
