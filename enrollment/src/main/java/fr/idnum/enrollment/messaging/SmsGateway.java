package fr.idnum.enrollment.messaging;

/** Sends a text message to a mobile number (E.164). Implementations must never log the text. */
public interface SmsGateway {

    void send(String e164Number, String text);
}
