package fr.idnum.enrollment.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import fr.idnum.enrollment.support.PostgresTestDatabase;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.ext.mail.MailMessage;
import org.junit.jupiter.api.Test;

/** What the test profile wires for each channel, and the SMTP implementation handed to Quarkus Mailer. */
@QuarkusTest
@QuarkusTestResource(PostgresTestDatabase.class)
class MessagingChannelsTest {

    @Inject
    SmsGateway sms;
    @Inject
    RecordingSmsGateway recordedSms;
    @Inject
    PushSender push;
    @Inject
    RecordingPushSender recordedPushes;
    @Inject
    RecordingMailSender recordedMail;
    @Inject
    StandInGuard guard;
    @Inject
    ReactiveMailer mailer;
    @Inject
    MockMailbox mailbox;

    @Test
    void outsideProductionTheChannelsAreTheRecordingStandIns() {
        sms.send("+33600000017", "Bonjour");
        assertEquals("Bonjour", recordedSms.sentTo("+33600000017").get(0).text());

        PushOutcome outcome = push.send(new PushMessage("tok-wiring", PushMessage.Platform.IOS, "ch_wiring_0001", Duration.ofSeconds(60)));
        assertEquals(PushOutcome.Status.DELIVERED, outcome.status());
        assertEquals(outcome, recordedPushes.sentTo("tok-wiring").get(0).outcome());
    }

    @Test
    void theGuardSeesEveryStandInThisConfigurationUsesAndWouldRefuseThemInProduction() {
        List<String> standIns = guard.standIns();

        assertEquals(List.of("idnum.messaging.sms.provider=recording", "idnum.messaging.mail.provider=recording",
                "idnum.messaging.letter.provider=recording", "idnum.messaging.registered-letter.provider=recording",
                "idnum.messaging.push.provider=recording", "quarkus.mailer.mock=true"), standIns);
        assertThrows(IllegalStateException.class, () -> StandInGuard.refuseStandInsInProduction(List.of("prod"), standIns));
    }

    @Test
    void theRecordingMailSenderKeepsWhatWouldHaveBeenSent() {
        recordedMail.send("Marie.Dupont@Example.fr", "Objet", "Texte");

        RecordingMailSender.RecordedMail mail = recordedMail.sentTo("marie.dupont@example.fr").get(0);
        assertEquals("Objet", mail.subject());
        assertEquals("Texte", mail.text());
    }

    @Test
    void theSmtpSenderHandsAPlainTextMailFromTheConfiguredSenderToQuarkusMailer() {
        mailbox.clear();

        new SmtpMailSender(mailer, Duration.ofSeconds(5)).send("jean@example.fr", "Votre demande", "Bonjour Jean,\nà bientôt.");

        List<MailMessage> sent = mailbox.getMailMessagesSentTo("jean@example.fr");
        assertEquals(1, sent.size());
        assertEquals("Votre demande", sent.get(0).getSubject());
        assertEquals("Bonjour Jean,\nà bientôt.", sent.get(0).getText());
        assertNull(sent.get(0).getHtml(), "plain text only");
        assertEquals("Identite Numerique <ne-pas-repondre@idnum.example.fr>", sent.get(0).getFrom());
    }
}
