package fr.idnum.enrollment.activation;

import jakarta.enterprise.context.ApplicationScoped;

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
        letters.send(new Letter(posted.enrollmentId().toString(), posted.recipient(), posted.address(), """
                Objet : votre nouveau code d'activation Identité Numérique

                Madame, Monsieur,

                Vous avez demandé à activer votre Identité Numérique sur un nouveau téléphone, ou à changer de numéro
                de téléphone. Votre nouveau code d'activation est : %1$s

                Pour votre sécurité, il ne fonctionne qu'à partir du %2$s et jusqu'au %3$s (heure de Paris).
                Saisissez-le alors dans l'application Identité Numérique. Il remplace tout code reçu auparavant.
                Ne le communiquez à personne : nos services ne vous le demanderont jamais.
                Si vous n'avez rien demandé, ne l'utilisez pas et contactez-nous : votre Identité Numérique sera
                suspendue.

                Subject: your new Identité Numérique activation code

                Dear Sir or Madam,

                You asked to activate your Identité Numérique on a new phone, or to change your phone number.
                Your new activation code is: %1$s

                For your security, it only works from %4$s until %5$s (Paris time).
                Type it in the Identité Numérique app then. It replaces any code you received before.
                Never share it: we will never ask you for it.
                If you asked for nothing, do not use it and contact us: your Identité Numérique will be suspended.
                """.formatted(posted.code(), from, until, fromEn, untilEn)));
    }
}
