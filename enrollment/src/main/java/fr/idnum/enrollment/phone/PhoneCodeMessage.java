package fr.idnum.enrollment.phone;

import fr.idnum.enrollment.enrollment.SmsCode;
import fr.idnum.enrollment.messaging.CitizenTexts;
import fr.idnum.enrollment.messaging.SmsGateway;

/** Sends an SMS code with the text citizens receive (French; SMS carry no language negotiation). */
public final class PhoneCodeMessage {

    private PhoneCodeMessage() {
    }

    public static void send(SmsGateway sms, SmsCode code, java.time.Duration lifetime) {
        sms.send(code.phoneNumber(), CitizenTexts.french("sms.phone-code", code.code(), lifetime.toMinutes()));
    }
}
