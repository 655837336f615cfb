package fr.idnum.enrollment.admin;

import fr.idnum.enrollment.messaging.SmsGateway;

/** The SMS carrying an activation code reissued by an administrator (French: SMS carry no language negotiation). */
final class ReissuedActivationCodeMessage {

    private ReissuedActivationCodeMessage() {
    }

    static void send(SmsGateway sms, String e164Number, String code) {
        sms.send(e164Number, "Identité Numérique : votre nouveau code d'activation est " + code
                + ". Il remplace le précédent, qui ne fonctionne plus. Ne le communiquez à personne.");
    }
}
