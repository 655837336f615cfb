package fr.idnum.enrollment.activation;

import fr.idnum.enrollment.messaging.CitizenTexts;
import fr.idnum.enrollment.messaging.SmsGateway;

/** The SMS carrying an activation code (French: SMS carry no language negotiation). Never logs the text. */
public final class ActivationCodeSms {

    private ActivationCodeSms() {
    }

    /** The first code, to show the agent with the identity document and then type in the app. */
    public static void sendFirst(SmsGateway sms, String e164Number, String code) {
        sms.send(e164Number, CitizenTexts.french("sms.activation-code.first", code));
    }

    /** A code replacing the previous one (resend, new phone number, admin reissue, re-activation). */
    public static void sendReplacement(SmsGateway sms, String e164Number, String code) {
        sms.send(e164Number, CitizenTexts.french("sms.activation-code.replacement", code));
    }
}
