package fr.idnum.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PinRulesTest {

    @ParameterizedTest
    @CsvSource({
            "123, NOT_FOUR_DIGITS", "12345, NOT_FOUR_DIGITS", "12a4, NOT_FOUR_DIGITS", "'', NOT_FOUR_DIGITS",
            "'١٢٣٩', NOT_FOUR_DIGITS",
            "0000, ALL_SAME_DIGIT", "7777, ALL_SAME_DIGIT",
            "0123, ASCENDING_RUN", "1234, ASCENDING_RUN", "6789, ASCENDING_RUN",
            "9876, DESCENDING_RUN", "4321, DESCENDING_RUN", "3210, DESCENDING_RUN"})
    void refusesWeakCodesNamingTheRule(String pin, PinRules.Violation expected) {
        assertEquals(Optional.of(expected), PinRules.check(pin));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2580", "1357", "7890", "1123", "9012", "0987"})
    void acceptsCodesThatBreakNoRule(String pin) {
        assertTrue(PinRules.check(pin).isEmpty(), pin);
        assertTrue(PinRules.check(pin, "1985-04-12").isEmpty(), pin);
    }

    @Test
    void refusesNullCode() {
        assertEquals(Optional.of(PinRules.Violation.NOT_FOUR_DIGITS), PinRules.check(null, "1985-04-12"));
    }

    @ParameterizedTest
    @CsvSource({"1985, BIRTH_YEAR", "1204, BIRTH_DAY_AND_MONTH", "0412, BIRTH_DAY_AND_MONTH"})
    void refusesTheCitizensBirthDate(String pin, PinRules.Violation expected) {
        assertEquals(Optional.of(expected), PinRules.check(pin, "1985-04-12"));
    }

    @Test
    void presumedBirthDatesOnlyForbidWhatIsKnown() {
        assertEquals(Optional.of(PinRules.Violation.BIRTH_YEAR), PinRules.check("1979", "1979-00-00"));
        assertTrue(PinRules.check("0000".replace('0', '5').substring(0, 2) + "00", "1979-00-00").isEmpty());
        assertTrue(PinRules.check("0100", "1979-00-00").isEmpty());
    }

    @Test
    void wireNamesAreStable() {
        assertEquals("birth-day-and-month", PinRules.Violation.BIRTH_DAY_AND_MONTH.wireName());
        assertEquals("ascending-run", PinRules.Violation.ASCENDING_RUN.wireName());
    }
}
