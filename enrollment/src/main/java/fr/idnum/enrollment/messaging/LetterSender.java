package fr.idnum.enrollment.messaging;

/**
 * Posts a letter to a citizen's postal address (a print-and-post provider). Implementations must never log the
 * text nor the address: the text may carry an activation code.
 */
public interface LetterSender {

    void send(Letter letter);
}
