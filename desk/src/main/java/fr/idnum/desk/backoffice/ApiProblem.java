package fr.idnum.desk.backoffice;

import java.util.List;

/**
 * A refusal of the enrollment service as its problem document says it (RFC 9457), reduced to what the desk shows:
 * the problem's name (its {@code type} without the project's base), the status, the members a person acts on
 * ({@code attempts_left}, {@code Retry-After}, the invalid fields). The English {@code title}/{@code detail} are
 * kept for the technical reference only; the page says it in French ({@code ProblemMessages}).
 *
 * @param name              the problem's name, e.g. {@code illegal-transition}; {@code null} when the answer was no problem of ours
 * @param attemptsLeft      tries left on the activation code, or null
 * @param retryAfterSeconds from the Retry-After header, or null
 * @param fields            the invalid fields' names ({@code errors[].field}), empty if none
 */
public record ApiProblem(int status, String name, String title, String detail, Integer attemptsLeft, Long retryAfterSeconds,
                         List<String> fields) {

    /** The name the desk gives to "the enrollment service did not answer". */
    public static final String UNREACHABLE = "unreachable";

    public static ApiProblem unreachable() {
        return new ApiProblem(503, UNREACHABLE, "Enrollment service unreachable", null, null, null, List.of());
    }
}
