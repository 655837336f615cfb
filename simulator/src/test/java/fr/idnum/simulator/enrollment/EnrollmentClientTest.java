package fr.idnum.simulator.enrollment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import fr.idnum.simulator.StubRealm;
import fr.idnum.simulator.http.Http;

class EnrollmentClientTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC);

    private final StubRealm stub = new StubRealm();
    private final EnrollmentClient enrollment = new EnrollmentClient(stub.base(), new Http(), () -> "token-1");

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void startsWithTheIdentityAsTheServiceReadsIt() {
        Enrollment started = enrollment.start(Identity.example(CLOCK));

        assertEquals("DRAFT", started.state());
        var sent = stub.lastRequestTo("/api/v1/enrollments");
        assertEquals("Bearer token-1", sent.header("Authorization"));
        assertTrue(sent.header("Content-Type").startsWith("application/json"));
        Map<String, Object> body = sent.json();
        assertEquals("NATIONAL_ID_CARD", body.get("documentType"));
        assertEquals("2034-11-29", body.get("documentExpiryDate"));
        assertEquals("1985-04-12", body.get("birthDate"));
        assertEquals(List.of("Marie", "Anne", "Élise"), body.get("givenNames"));
        assertEquals(Map.of("line1", "12 rue de Grenelle", "postalCode", "75007", "city", "Paris"), body.get("address"));
        assertTrue(!body.containsKey("line2"));
    }

    @Test
    void exampleIdentityIsValidOnAnyDay() {
        LocalDate today = LocalDate.now(CLOCK);
        Identity identity = Identity.example(CLOCK);

        assertTrue(identity.documentExpiryDate().isAfter(today));
        assertTrue(identity.documentIssueDate().isBefore(today));
        assertTrue(identity.birthDate().plusYears(18).isBefore(today));
        assertTrue(identity.mobilePhone().replace(" ", "").matches("0[67][0-9]{8}"));
    }

    @Test
    void builderChangesOnlyWhatItIsTold() {
        Identity changed = Identity.example(CLOCK).toBuilder().mobilePhone("07 98 76 54 32").build();

        assertEquals("07 98 76 54 32", changed.mobilePhone());
        assertEquals(Identity.example(CLOCK).toBuilder().mobilePhone(changed.mobilePhone()).build(), changed);
        assertEquals(Identity.example(CLOCK).birthName(), changed.birthName());
    }

    @Test
    void invalidIdentityIsRefusedFieldByField() {
        stub.replyNext("/api/v1/enrollments", StubRealm.Reply.problem(400,
                "{\"type\":\"https://idnum.example.fr/problems/invalid-request\",\"title\":\"Invalid request\",\"status\":400,"
                        + "\"detail\":\"The request has 1 invalid field(s).\","
                        + "\"errors\":[{\"field\":\"birthDate\",\"message\":\"you must be 18 or older\"}]}"));

        EnrollmentProblem refused = assertThrows(EnrollmentProblem.class,
                () -> enrollment.start(Identity.example(CLOCK).toBuilder().birthDate(LocalDate.of(2015, 1, 1)).build()));

        assertEquals(400, refused.status());
        assertEquals("Invalid request", refused.title());
        assertEquals("birthDate", refused.fieldErrors().get(0).field());
        assertTrue(refused.getMessage().contains("you must be 18 or older"), refused.getMessage());
    }

    @Test
    void tooSoonSaysWhenToRetry() {
        stub.replyNext("/api/v1/enrollments/current/phone-verification/resend", new StubRealm.Reply(429,
                "application/problem+json", "{\"title\":\"Too soon\",\"status\":429}", Map.of("Retry-After", "42")));

        EnrollmentProblem refused = assertThrows(EnrollmentProblem.class, enrollment::resendPhoneCode);

        assertEquals(429, refused.status());
        assertEquals(Duration.ofSeconds(42), refused.retryAfter().orElseThrow());
    }

    @Test
    void sendsTheCodesAndChoicesAsTheServiceExpectsThem() {
        enrollment.verifyPhone("123456");
        assertEquals(Map.of("code", "123456"), stub.lastRequestTo("/api/v1/enrollments/current/phone-verification").json());

        enrollment.choosePostman(LocalDate.of(2026, 12, 3));
        assertEquals(Map.of("mode", "POSTMAN", "postmanVisitDate", "2026-12-03"),
                stub.lastRequestTo("/api/v1/enrollments/current/verification-mode").json());

        enrollment.choosePostOffice();
        assertEquals(Map.of("mode", "POST_OFFICE"), stub.lastRequestTo("/api/v1/enrollments/current/verification-mode").json());

        enrollment.resendActivationCode();
        assertEquals("POST", stub.lastRequestTo("/api/v1/enrollments/current/activation-code/resend").method());

        enrollment.requestMobilePhoneChange("07 98 76 54 32");
        assertEquals(Map.of("mobilePhone", "07 98 76 54 32"), stub.lastRequestTo("/api/v1/enrollments/current/mobile-phone").json());

        assertEquals("DRAFT", enrollment.current().state());
    }
}
