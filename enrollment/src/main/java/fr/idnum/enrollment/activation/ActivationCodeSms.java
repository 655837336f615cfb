package fr.idnum.enrollment.activation;

import fr.idnum.enrollment.messaging.SmsGateway;

/** The SMS carrying an activation code (French: SMS carry no language negotiation). Never logs the text. */
public final class ActivationCodeSms {

    private ActivationCodeSms() {
    }

    /** The first code, to show the agent with the identity document and then type in the app. */
    public static void sendFirst(SmsGateway sms, String e164Number, String code) {
        sms.send(e164Number, "Identité Numérique : votre code d'activation est " + code
                + ". Présentez-le avec votre pièce d'identité lors de la vérification, puis saisissez-le dans l'application.");
    }

    /** A code replacing the previous one (resend, new phone number, admin reissue, re-activation). */
    public static void sendReplacement(SmsGateway sms, String e164Number, String code) {
        sms.send(e164Number, "Identité Numérique : votre nouveau code d'activation est " + code
                + ". Il remplace le précédent, qui ne fonctionne plus. Ne le communiquez à personne.");
    }
}
