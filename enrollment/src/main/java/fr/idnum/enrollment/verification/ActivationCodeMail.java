package fr.idnum.enrollment.verification;

import jakarta.enterprise.context.ApplicationScoped;

import fr.idnum.enrollment.messaging.MailSender;

/**
 * The message that carries the activation code after a successful remote check (the seeds: a registered
 * e-mail); French first, then English.
 */
@ApplicationScoped
public class ActivationCodeMail {

    static final String SUBJECT = "Votre code d'activation Identité Numérique / Your Identité Numérique activation code";

    private final MailSender mail;

    ActivationCodeMail(MailSender mail) {
        this.mail = mail;
    }

    public void send(String email, String code) {
        mail.send(email, SUBJECT, """
                Bonjour,

                Votre identité a été vérifiée. Votre code d'activation est : %s
                Saisissez-le dans l'application Identité Numérique pour l'activer sur votre téléphone.
                Ne le communiquez à personne : nos services ne vous le demanderont jamais.

                Hello,

                Your identity has been verified. Your activation code is: %s
                Type it in the Identité Numérique app to activate it on your phone.
                Never share it: we will never ask you for it.
                """.formatted(code, code));
    }
}
