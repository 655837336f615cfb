package fr.idnum.enrollment.onetimecode;

import fr.idnum.protocol.enrollment.ActivationRefusal;
import fr.idnum.enrollment.problem.DomainException;

/**
 * The refusals a caller gets about a one-time code, the same for every kind of code: a wrong one (400
 * {@code wrong-code} with {@code attempts_left}), a dead one (410 {@code code-expired} / {@code code-exhausted}), a send
 * asked too soon (429 {@code too-soon} with Retry-After) or one too many (429 {@code no-more-codes}). Only the details
 * name the kind of code ({@link Wording}).
 */
public final class OneTimeCodeProblems {

    /** How the details name a kind of code: the sentences that change from one kind (or caller) to another. */
    public record Wording(String wrong, String expired, String exhaustedTitle, String exhausted, String noMoreSends) {
    }

    private OneTimeCodeProblems() {
    }

    /** The refusal of a code that was not accepted. */
    public static DomainException refusal(Attempt attempt, Wording wording) {
        if (attempt instanceof Attempt.Wrong wrong) {
            return DomainException.wrongCode("Wrong code", wording.wrong() + " Attempts left: " + wrong.attemptsLeft() + ".",
                    wrong.attemptsLeft());
        }
        if (attempt instanceof Attempt.Expired) {
            return new DomainException(410, ActivationRefusal.CODE_EXPIRED.problem(), "Code expired", wording.expired());
        }
        if (attempt instanceof Attempt.Exhausted) {
            return new DomainException(410, ActivationRefusal.CODE_EXHAUSTED.problem(), wording.exhaustedTitle(), wording.exhausted());
        }
        throw new IllegalArgumentException("An accepted code is no refusal");
    }

    /** The refusal of a code that may not be sent now. */
    public static DomainException refusal(Issue<?> issue, Wording wording) {
        if (issue instanceof Issue.TooSoon<?> tooSoon) {
            return DomainException.retryLater("too-soon", "Too soon",
                    "Wait " + DomainException.retryAfterSeconds(tooSoon.retryAfter()) + " s before asking for a new code.",
                    tooSoon.retryAfter());
        }
        if (issue instanceof Issue.NoMoreSends<?>) {
            return new DomainException(429, "no-more-codes", "No more codes", wording.noMoreSends());
        }
        throw new IllegalArgumentException("A code to send is no refusal");
    }
}
