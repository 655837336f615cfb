package fr.idnum.desk.site;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import fr.idnum.desk.backoffice.ApiProblem;

/**
 * Says an enrollment service refusal in French for the person at the desk: the message of the problem's name (or of
 * its status when the name is not one the desk knows), then what they can act on (the fields to correct, the tries
 * left on the activation code, when to try again), and a technical reference (name and status) for the support.
 */
final class ProblemMessages {

    private final Texts texts;

    ProblemMessages(Texts texts) {
        this.texts = texts;
    }

    /** The sentences to show, the reference last. */
    List<String> explain(ApiProblem problem) {
        List<String> lines = new ArrayList<>();
        String byName = problem.name() == null ? null : "problem." + problem.name();
        if (byName != null && texts.has(byName)) {
            lines.add(texts.get(byName));
        } else {
            lines.add(texts.getOr("problem.http." + problem.status(), texts.get("problem.other")));
        }
        if (!problem.fields().isEmpty()) {
            lines.add(texts.get("problem.invalid-request.fields", problem.fields().stream()
                    .map(field -> texts.getOr("field." + lastSegment(field), lastSegment(field)))
                    .distinct().collect(Collectors.joining(", "))));
        }
        if (problem.attemptsLeft() != null) {
            lines.add(texts.get("problem.wrong-code.attempts", problem.attemptsLeft()));
        }
        if (problem.retryAfterSeconds() != null) {
            lines.add(texts.get("problem.retry", Math.max(1, (problem.retryAfterSeconds() + 59) / 60)));
        }
        lines.add(texts.get("problem.reference", problem.name() == null ? "-" : problem.name(), problem.status()));
        return lines;
    }

    /** {@code find.birthName} and {@code birthName} are the same field to the person typing it. */
    private static String lastSegment(String field) {
        return field == null ? "" : field.substring(field.lastIndexOf('.') + 1);
    }
}
