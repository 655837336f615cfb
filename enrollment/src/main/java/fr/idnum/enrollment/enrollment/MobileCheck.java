package fr.idnum.enrollment.enrollment;

/**
 * The proof that the citizen holds the mobile number they declared, which starting an enrollment begins. The phone
 * package implements it; it is declared here so that starting an enrollment does not depend on that package, which
 * builds on the enrollment.
 */
public interface MobileCheck {

    /** Issues the first SMS code, in the transaction that creates the enrollment; it is sent once that committed. */
    SmsCode first(Enrollment enrollment);

    /**
     * Texts a code to its number; a provider's refusal is a {@code MessageNotSentException} (503), and the send is then
     * taken back: it counts neither toward the resend cooldown nor toward the codes the enrollment may have.
     */
    void send(SmsCode code);
}
