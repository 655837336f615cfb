package fr.idnum.enrollment.messaging;

import java.time.LocalDate;

/**
 * A registered electronic letter (lettre recommandée électronique, a qualified electronic registered delivery
 * service under eIDAS, art. 44): the provider e-mails the citizen that a letter awaits them, and opens it only to
 * the {@link Addressee} once it has identified them (the seeds: AR24's visual identification, the very check a
 * remote enrollment goes through). So its content reaches the person whose identity was checked, not whoever reads
 * the mailbox. {@code reference} is ours (the enrollment's id). The text may carry a code: it never appears in
 * {@link #toString()}.
 */
public record RegisteredLetter(String reference, String email, Addressee addressee, String subject, String text) {

    /** Whom the provider must identify before opening the letter: the identity verified at the check. */
    public record Addressee(String givenNames, String birthName, LocalDate birthDate) {

        @Override
        public String toString() {
            return "Addressee[...]";
        }
    }

    @Override
    public String toString() {
        return "RegisteredLetter[reference=" + reference + "]";
    }
}
