package fr.idnum.enrollment.activation;

import jakarta.enterprise.context.ApplicationScoped;

import fr.idnum.enrollment.messaging.CitizenTexts;
import fr.idnum.enrollment.messaging.Letter;
import fr.idnum.enrollment.messaging.LetterSender;
import fr.idnum.enrollment.recovery.RecoveryNotices;

/**
 * The letter that carries an activation code issued after the identity check (a number changed, a re-activation) to
 * the verified postal address; French first, then English. It says from when the code works, and what to do if the
 * citizen asked for nothing.
 */
@ApplicationScoped
public class ActivationCodeLetter {

    private final LetterSender letters;

    ActivationCodeLetter(LetterSender letters) {
        this.letters = letters;
    }

    public void send(PostedCode posted) {
        String from = RecoveryNotices.FRENCH.format(posted.notBefore());
        String until = RecoveryNotices.FRENCH.format(posted.expiresAt());
        String fromEn = RecoveryNotices.ENGLISH.format(posted.notBefore());
        String untilEn = RecoveryNotices.ENGLISH.format(posted.expiresAt());
        letters.send(new Letter(posted.enrollmentId().toString(), posted.recipient(), posted.address(),
                CitizenTexts.frenchThenEnglish("letter.activation-code.text", posted.code(), from, until, fromEn, untilEn)));
    }
}
