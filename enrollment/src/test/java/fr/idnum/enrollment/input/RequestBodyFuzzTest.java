package fr.idnum.enrollment.input;

import java.io.CharConversionException;
import java.io.IOException;
import java.time.LocalDate;
import java.util.regex.Pattern;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;

import fr.idnum.enrollment.activation.InternalActivationResource;
import fr.idnum.enrollment.admin.AdminEnrollmentResource;
import fr.idnum.enrollment.identity.DeclaredIdentity;
import fr.idnum.enrollment.messaging.InternalPushResource;
import fr.idnum.enrollment.notice.CitizenNoticeResource;
import fr.idnum.enrollment.phone.PhoneChangeResource;
import fr.idnum.enrollment.phone.PhoneVerificationResource;
import fr.idnum.enrollment.verification.AgentResource;
import fr.idnum.enrollment.verification.VerificationModeResource;
import fr.idnum.testsupport.CampaignTally;
import org.junit.jupiter.api.AfterAll;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz targets of the enrollment service's JSON bodies (docs/security-tests.md, "Fuzzing"): every request body type,
 * read by the service's mapper ({@link StrictJson}) and checked by Bean Validation as {@code @Valid} does. Whatever
 * the body, the answer is a value or a Jackson {@link JsonProcessingException} or {@link CharConversionException}
 * (which {@code ProblemMappers} answers with a 400 problem) and a set of violations (a 400 too), never another
 * exception, which would be a 500. Without
 * {@code JAZZER_FUZZ} each target replays its committed inputs in
 * {@code src/test/resources/fr/idnum/enrollment/input/RequestBodyFuzzTestInputs/}.
 */
class RequestBodyFuzzTest {

    /** Counts every input replayed (or fuzzed) for the campaign's totals (docs/security-tests.md). */
    private static final CampaignTally TALLY = new CampaignTally();

    @AfterAll
    static void tally() {
        TALLY.write(RequestBodyFuzzTest.class);
    }

    static final Class<?>[] BODIES = {DeclaredIdentity.class, VerificationModeResource.ModeChoice.class,
            AgentResource.Finding.class, AdminEnrollmentResource.AdminReason.class,
            InternalActivationResource.RedemptionRequest.class, InternalPushResource.PushRequest.class,
            PhoneChangeResource.NewNumber.class, PhoneVerificationResource.CodeSubmission.class,
            CitizenNoticeResource.NoticeRequest.class};

    private static final Pattern FOUR_DIGIT_YEAR = Pattern.compile("^[0-9]{4}-[0-9]{2}-[0-9]{2}$");

    /** The last byte picks the body type, the rest is the body. */
    @FuzzTest(maxDuration = "3m")
    void anyBodyIsReadOrRefused(FuzzedDataProvider data) throws IOException {
        TALLY.cases(1);
        Class<?> type = data.pickValue(BODIES);
        byte[] body = data.consumeRemainingAsBytes();
        Object value;
        try {
            value = StrictJsonMapper.MAPPER.readValue(body, type);
        } catch (JsonProcessingException | CharConversionException refused) {
            return; // documented refusals: 400 unreadable-body or invalid-request (ProblemMappers)
        }
        if (value == null) {
            return; // "null": the resources' @NotNull refuses it
        }
        StrictJsonMapper.VALIDATOR.validate(value);
        if (value instanceof VerificationModeResource.ModeChoice choice && choice.postmanVisitDate() != null) {
            assertFourDigitYear(choice.postmanVisitDate());
        }
        if (value instanceof DeclaredIdentity identity) {
            assertFourDigitYear(identity.birthDate());
            assertFourDigitYear(identity.documentExpiryDate());
            assertFourDigitYear(identity.documentIssueDate());
        }
    }

    /** What {@link CalendarDates} lets through fits PostgreSQL's date column: four-digit years only. */
    private static void assertFourDigitYear(LocalDate date) {
        assertTrue(date == null || FOUR_DIGIT_YEAR.matcher(date.toString()).matches(), () -> "a date beyond four digits: " + date);
    }
}
