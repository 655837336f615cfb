package fr.idnum.enrollment.activation;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import fr.idnum.enrollment.messaging.CitizenTexts;
import fr.idnum.enrollment.messaging.RegisteredLetter;
import fr.idnum.enrollment.messaging.RegisteredLetterSender;
import fr.idnum.enrollment.messaging.SmsGateway;
import fr.idnum.enrollment.recovery.RecoveryNotices;

/**
 * Sends an activation code the way its {@link CodeDelivery} says, after the transaction that issued it committed.
 * A provider's refusal is a {@code MessageNotSentException} (503): the code stays in force and can be sent again.
 *
 * <p>Every path that issues a code calls it once its {@code @Transactional} service returned, rather than from an
 * {@code @Observes(during = AFTER_SUCCESS)} observer: CDI logs and swallows the exceptions of after-success observers,
 * so the caller would get a success for a code that never left, instead of the 503 that tells it to ask again.
 */
@ApplicationScoped
public class ActivationCodeDelivery {

    private final SmsGateway sms;
    private final RegisteredLetterSender registeredLetters;
    private final ActivationCodeLetter letter;
    private final RecoveryNotices notices;

    ActivationCodeDelivery(SmsGateway sms, RegisteredLetterSender registeredLetters, ActivationCodeLetter letter,
                           RecoveryNotices notices) {
        this.sms = sms;
        this.registeredLetters = registeredLetters;
        this.letter = letter;
        this.notices = notices;
    }

    public void deliver(CodeDelivery delivery) {
        if (delivery instanceof CodeDelivery.Sms text) {
            if (text.first()) {
                ActivationCodeSms.sendFirst(sms, text.mobilePhone(), text.code());
            } else {
                ActivationCodeSms.sendReplacement(sms, text.mobilePhone(), text.code());
            }
        } else if (delivery instanceof CodeDelivery.ByRegisteredLetter registered) {
            sendRegistered(registered.code());
        } else {
            CodeDelivery.Post post = (CodeDelivery.Post) delivery;
            letter.send(post.code());
            notices.codePosted(post.email(), post.code().notBefore());
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
            posted.ifPresent(letter::send);
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
