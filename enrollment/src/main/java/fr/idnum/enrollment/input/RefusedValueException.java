package fr.idnum.enrollment.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;

/**
 * A JSON value of the right type that breaks a rule every value of its kind follows ({@link PrintableStrings},
 * {@link CalendarDates}); Jackson adds where it was in the body, the problem names that field and says the rule.
 */
public class RefusedValueException extends InvalidFormatException {

    private final String rule;

    RefusedValueException(JsonParser parser, String rule, Class<?> targetType) {
        // The value itself is not kept: it is hostile by definition and must not travel into a log.
        super(parser, "A value " + rule, null, targetType);
        this.rule = rule;
    }

    /** What the value must be, as the problem tells it to the caller ("must be a date (YYYY-MM-DD)"). */
    public String rule() {
        return rule;
    }
}
