package fr.idnum.enrollment.onetimecode;

/**
 * What came of one try at a one-time code. A dead code is either {@link Expired} or {@link Exhausted}: callers are told
 * which (problem types {@code code-expired} and {@code code-exhausted}).
 */
public sealed interface Attempt {

    record Accepted() implements Attempt {
    }

    /** Not the code; {@code attemptsLeft} is at least 1 (the last wrong one is {@link Exhausted}). */
    record Wrong(int attemptsLeft) implements Attempt {
    }

    record Expired() implements Attempt {
    }

    /** Too many wrong codes: this one is dead whatever is typed. */
    record Exhausted() implements Attempt {
    }
}
