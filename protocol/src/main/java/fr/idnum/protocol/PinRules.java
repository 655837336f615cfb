package fr.idnum.protocol;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What makes a 4-digit secret code acceptable. Four digits are only 10,000 values; the codes people pick
 * first (2222, 1234, 4321, their birth year, their birthday) are tried first by anyone holding a stolen phone,
 * so they are refused. The server enforces these rules; the app may use the same class to warn early.
 */
public final class PinRules {

    private static final Pattern FOUR_DIGITS = Pattern.compile("^[0-9]{4}$");
    /** Birth dates as stored on the user: {@code YYYY-MM-DD}, with {@code 00} for an unknown month or day. */
    private static final Pattern BIRTH_DATE = Pattern.compile("^([0-9]{4})-([0-9]{2})-([0-9]{2})$");

    /** Each rule, named on the wire (the {@code violation} member of the refusal) and in the citizen's message. */
    public enum Violation {
        NOT_FOUR_DIGITS("not-four-digits"),
        ALL_SAME_DIGIT("all-same-digit"),
        ASCENDING_RUN("ascending-run"),
        DESCENDING_RUN("descending-run"),
        BIRTH_YEAR("birth-year"),
        BIRTH_DAY_AND_MONTH("birth-day-and-month");

        private final String wireName;

        Violation(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    private PinRules() {
    }

    /** The rules that need nothing but the code itself. */
    public static Optional<Violation> check(String pin) {
        if (pin == null || !FOUR_DIGITS.matcher(pin).matches()) {
            return Optional.of(Violation.NOT_FOUR_DIGITS);
        }
        if (pin.chars().distinct().count() == 1) {
            return Optional.of(Violation.ALL_SAME_DIGIT);
        }
        if (isRun(pin, 1)) {
            return Optional.of(Violation.ASCENDING_RUN);
        }
        if (isRun(pin, -1)) {
            return Optional.of(Violation.DESCENDING_RUN);
        }
        return Optional.empty();
    }

    /**
     * All rules, including those about the citizen's birth date ({@code YYYY-MM-DD}, parts may be {@code 00};
     * {@code null} when unknown): the birth year, and the day and month in either order (1204 and 0412 for
     * 12 April).
     */
    public static Optional<Violation> check(String pin, String birthDate) {
        Optional<Violation> basic = check(pin);
        if (basic.isPresent() || birthDate == null) {
            return basic;
        }
        var date = BIRTH_DATE.matcher(birthDate);
        if (!date.matches()) {
            return basic;
        }
        if (pin.equals(date.group(1))) {
            return Optional.of(Violation.BIRTH_YEAR);
        }
        String month = date.group(2);
        String day = date.group(3);
        if (!month.equals("00") && !day.equals("00") && (pin.equals(day + month) || pin.equals(month + day))) {
            return Optional.of(Violation.BIRTH_DAY_AND_MONTH);
        }
        return Optional.empty();
    }

    private static boolean isRun(String pin, int step) {
        for (int i = 1; i < pin.length(); i++) {
            if (pin.charAt(i) - pin.charAt(i - 1) != step) {
                return false;
            }
        }
        return true;
    }
}
