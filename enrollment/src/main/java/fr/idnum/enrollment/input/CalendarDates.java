package fr.idnum.enrollment.input;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;

/**
 * A date as this API takes it, in a body or a query: a string {@code YYYY-MM-DD} with a four-digit year. Refused:
 * a number (Jackson would read {@code 12345} as days since 1970), an array, and ISO's signed years
 * ({@code +9999999-01-01}), which Java accepts and PostgreSQL fails on. Whether a date is plausible for what it
 * dates is the domain's rule ({@code IdentityRules}).
 */
public final class CalendarDates extends StdScalarDeserializer<LocalDate> {

    public static final String RULE = "must be a date (YYYY-MM-DD)";
    private static final Pattern FORMAT = Pattern.compile("^[0-9]{4}-[0-9]{2}-[0-9]{2}$");

    CalendarDates() {
        super(LocalDate.class);
    }

    /** The date {@code text} (trimmed) names, if it is one in the format above. */
    public static Optional<LocalDate> parse(String text) {
        if (text == null || !FORMAT.matcher(text.trim()).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(text.trim()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    @Override
    public LocalDate deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.hasToken(JsonToken.VALUE_STRING)) {
            Optional<LocalDate> date = parse(parser.getText());
            if (date.isPresent()) {
                return date.get();
            }
        }
        throw new RefusedValueException(parser, RULE, LocalDate.class);
    }
}
