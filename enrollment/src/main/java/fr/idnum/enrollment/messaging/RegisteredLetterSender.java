package fr.idnum.enrollment.messaging;

/**
 * Sends a registered electronic letter through a qualified provider, which opens it only to the identified
 * addressee. Implementations must never log the text, the e-mail address nor the addressee.
 */
public interface RegisteredLetterSender {

    void send(RegisteredLetter letter);
}
