package fr.idnum.enrollment.identity;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.CharConversionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Pattern;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;

import fr.idnum.enrollment.input.CalendarDates;
import fr.idnum.enrollment.input.StrictJsonMapper;
import fr.idnum.enrollment.problem.InvalidFieldsException;
import fr.idnum.testsupport.CampaignTally;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzz targets of the identity rules (docs/security-tests.md, "Fuzzing"): an identity body that the mapper and Bean
 * Validation let through is checked by {@link IdentityRules} and comes out normalised within what the database keeps,
 * or is refused with {@link InvalidFieldsException} (a 400 naming the fields), never another exception. The mobile
 * number and date readers are fuzzed on their own, with what they promise. Without {@code JAZZER_FUZZ} each target
 * replays its committed inputs in {@code src/test/resources/fr/idnum/enrollment/identity/IdentityRulesFuzzTestInputs/}.
 */
class IdentityRulesFuzzTest {

    /** Counts every input replayed (or fuzzed) for the campaign's totals (docs/security-tests.md). */
    private static final CampaignTally TALLY = new CampaignTally();

    @AfterAll
    static void tally() {
        TALLY.write(IdentityRulesFuzzTest.class);
    }

    static final LocalDate TODAY = LocalDate.of(2026, 12, 1);
    private static final IdentityRules RULES = new IdentityRules(new InseeCog());
    private static final Pattern E164 = Pattern.compile("^\\+(33|262|590|594|596)[67][0-9]{8}$");
    private static final Pattern DATE = Pattern.compile("^[0-9]{4}-[0-9]{2}-[0-9]{2}$");

    @FuzzTest(maxDuration = "3m")
    void anyIdentityIsStoredWithinItsColumnsOrRefused(byte[] body) throws IOException {
        TALLY.cases(1);
        DeclaredIdentity declared;
        try {
            declared = StrictJsonMapper.MAPPER.readValue(body, DeclaredIdentity.class);
        } catch (JsonProcessingException | CharConversionException refused) {
            return; // 400 unreadable-body or invalid-request (ProblemMappers)
        }
        if (declared == null || !StrictJsonMapper.VALIDATOR.validate(declared).isEmpty()) {
            return; // refused before the rules run
        }
        IdentityData identity;
        try {
            identity = RULES.check(declared, TODAY);
        } catch (InvalidFieldsException refused) {
            assertTrue(!refused.errors().isEmpty());
            return;
        }
        assertTrue(identity.givenNames.length() <= IdentityRules.MAX_STORED_NAME);
        assertTrue(identity.birthName.length() <= IdentityRules.MAX_STORED_NAME);
        assertTrue(identity.usageName == null || identity.usageName.length() <= IdentityRules.MAX_STORED_NAME);
        assertTrue(identity.email.length() <= IdentityRules.MAX_STORED_EMAIL);
        assertTrue(identity.documentNumber.length() <= 16, identity.documentNumber);
        assertTrue(E164.matcher(identity.mobilePhone).matches(), identity.mobilePhone);
        assertTrue(identity.addressLine1.length() <= 256 && identity.city.length() <= 128);
        assertTrue(identity.addressLine2 == null || identity.addressLine2.length() <= 256);
    }

    /** A number is a French mobile in E.164 whose country code matches its overseas prefix, or none. */
    @FuzzTest(maxDuration = "3m")
    void anyTextIsAFrenchMobileOrNone(byte[] input) {
        TALLY.cases(1);
        Optional<String> number = FrenchMobileNumber.toE164(new String(input, StandardCharsets.UTF_8));
        number.ifPresent(e164 -> assertTrue(E164.matcher(e164).matches(), e164));
    }

    /** A date is {@code YYYY-MM-DD} with a four-digit year (what PostgreSQL keeps), or none. */
    @FuzzTest(maxDuration = "3m")
    void anyTextIsACalendarDateOrNone(byte[] input) {
        TALLY.cases(1);
        Optional<LocalDate> date = CalendarDates.parse(new String(input, StandardCharsets.UTF_8));
        date.ifPresent(day -> assertTrue(DATE.matcher(day.toString()).matches(), day::toString));
    }
}
