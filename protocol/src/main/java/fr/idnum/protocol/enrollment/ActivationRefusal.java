package fr.idnum.protocol.enrollment;

import java.util.Arrays;
import java.util.Optional;

import fr.idnum.protocol.ProblemTypes;

/**
 * Why the enrollment service refused to redeem an activation code: the name of the problem it answers
 * ({@link ProblemTypes#type(String)}), which Keycloak turns into the device API's own refusal.
 */
public enum ActivationRefusal {
    /** 400, with {@link ProblemTypes#ATTEMPTS_LEFT}. */
    WRONG_CODE("wrong-code"),
    /** 410. */
    CODE_EXPIRED("code-expired"),
    /** 410: too many wrong codes. */
    CODE_EXHAUSTED("code-exhausted"),
    /** 409: a posted code before the end of its cooling-off, with {@link ProblemTypes#NOT_BEFORE}. */
    CODE_COOLING_OFF("code-cooling-off"),
    /** 409. */
    NOT_VERIFIED("not-verified"),
    /** 409. */
    SUSPENDED("suspended"),
    /** 409. */
    ALREADY_REDEEMED("already-redeemed"),
    /** 404. */
    NO_ENROLLMENT("no-enrollment");

    private final String problem;

    ActivationRefusal(String problem) {
        this.problem = problem;
    }

    /** The problem's name (the last segment of its {@code type}). */
    public String problem() {
        return problem;
    }

    /** The refusal a problem {@code type} names, if it is one of these. */
    public static Optional<ActivationRefusal> ofType(String type) {
        String name = ProblemTypes.nameOf(type);
        return Arrays.stream(values()).filter(r -> r.problem.equals(name)).findFirst();
    }
}
