package fr.idnum.enrollment.activation;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import fr.idnum.enrollment.messaging.CitizenTexts;
import fr.idnum.enrollment.messaging.MessageNotSentException;
import fr.idnum.enrollment.messaging.RegisteredLetter;
import fr.idnum.enrollment.messaging.RegisteredLetterSender;
import fr.idnum.enrollment.messaging.SmsGateway;
import fr.idnum.enrollment.onetimecode.CountedSend;
import fr.idnum.enrollment.recovery.RecoveryNotices;
import org.jboss.logging.Logger;

/**
 * Sends an activation code the way its {@link CodeDelivery} says, after the transaction that issued it committed.
 * A provider's refusal is a {@code MessageNotSentException} (503): the code stays in force and can be sent again, and
 * the send is taken back ({@link ActivationService#notSent}): it holds neither the resend cooldown nor counts toward
 * the codes the enrollment may have. A notice about the code (the e-mail announcing a letter) is no send of it.
 *
 * <p>Every path that issues a code calls it once its {@code @Transactional} service returned, rather than from an
 * {@code @Observes(during = AFTER_SUCCESS)} observer: CDI logs and swallows the exceptions of after-success observers,
 * so the caller would get a success for a code that never left, instead of the 503 that tells it to ask again.
 */
@ApplicationScoped
public class ActivationCodeDelivery {

    private static final Logger LOG = Logger.getLogger(ActivationCodeDelivery.class);

    private final SmsGateway sms;
    private final RegisteredLetterSender registeredLetters;
    private final ActivationCodeLetter letter;
    private final RecoveryNotices notices;
    private final ActivationService activation;

    ActivationCodeDelivery(SmsGateway sms, RegisteredLetterSender registeredLetters, ActivationCodeLetter letter,
                           RecoveryNotices notices, ActivationService activation) {
        this.sms = sms;
        this.registeredLetters = registeredLetters;
        this.letter = letter;
        this.notices = notices;
        this.activation = activation;
    }

    public void deliver(CodeDelivery delivery) {
        if (delivery instanceof CodeDelivery.Sms text) {
            counted(text.counted(), () -> {
                if (text.first()) {
                    ActivationCodeSms.sendFirst(sms, text.mobilePhone(), text.code());
                } else {
                    ActivationCodeSms.sendReplacement(sms, text.mobilePhone(), text.code());
                }
            });
        } else if (delivery instanceof CodeDelivery.ByRegisteredLetter registered) {
            counted(registered.counted(), () -> sendRegistered(registered.code()));
        } else {
            CodeDelivery.Post post = (CodeDelivery.Post) delivery;
            counted(post.counted(), () -> letter.send(post.code()));
            notices.codePosted(post.email(), post.code().notBefore());
        }
    }

    /**
     * Runs the send of a code; if its provider refuses it, takes the send back before the refusal is answered. Should
     * that fail too (the database down as well), the send stays counted: that errs on the side of fewer messages.
     */
    private void counted(CountedSend counted, Runnable send) {
        try {
            send.run();
        } catch (MessageNotSentException refused) {
            try {
                activation.notSent(counted);
            } catch (RuntimeException e) {
                LOG.warnf("Activation code not sent and its send not taken back: %s", e.getClass().getSimpleName());
                refused.addSuppressed(e);
            }
            throw refused;
        }
    }

    /**
     * The mobile number changed after the identity check: the code posted in the same move (if the one in force had not
     * been posted already), then the notices to the old number and the e-mail, which announce it. Both notices are sent
     * even if the letter fails; the letter's failure is then the answer (503).
     */
    public void deliverAfterNumberChange(Optional<PostedCode> posted, String oldNumber, String newNumber, String email) {
        RuntimeException letterFailure = null;
        try {
            posted.ifPresent(code -> counted(code.counted(), () -> letter.send(code)));
        } catch (RuntimeException e) {
            letterFailure = e;
        }
        notices.numberChanged(oldNumber, newNumber, email, posted.map(PostedCode::notBefore));
        if (letterFailure != null) {
            throw letterFailure;
        }
    }

    /** French first, then English; the provider's own e-mail only says that a registered letter awaits. */
    private void sendRegistered(RegisteredCode registered) {
        registeredLetters.send(new RegisteredLetter(registered.enrollmentId().toString(), registered.email(),
                registered.addressee(), CitizenTexts.frenchSlashEnglish("registered-letter.activation-code.subject"),
                CitizenTexts.frenchThenEnglish("registered-letter.activation-code.text", registered.code())));
    }
}
