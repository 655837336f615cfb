package fr.idnum.simulator.device;

import java.util.Optional;
import java.util.OptionalInt;

import fr.idnum.protocol.PinRules;
import fr.idnum.simulator.http.Problem;
import fr.idnum.simulator.http.Refusal;

/**
 * The device API refused a request. Besides the problem's status, type, title and detail, it carries the members
 * the app acts on: which PIN rule was broken ({@code violation}) and how many activation attempts remain
 * ({@code attempts_left}).
 */
public class DeviceApiProblem extends Refusal {

    public static final String VIOLATION = fr.idnum.protocol.DeviceProblems.VIOLATION;
    public static final String ATTEMPTS_LEFT = fr.idnum.protocol.DeviceProblems.ATTEMPTS_LEFT;

    public DeviceApiProblem(Problem problem) {
        super(problem);
    }

    public Optional<PinRules.Violation> violation() {
        return problem().member(VIOLATION).flatMap(value -> {
            for (PinRules.Violation violation : PinRules.Violation.values()) {
                if (violation.wireName().equals(value)) {
                    return Optional.of(violation);
                }
            }
            return Optional.empty();
        });
    }

    public OptionalInt attemptsLeft() {
        return problem().member(ATTEMPTS_LEFT)
                .filter(Number.class::isInstance)
                .map(value -> OptionalInt.of(((Number) value).intValue()))
                .orElse(OptionalInt.empty());
    }
}
