package fr.idnum.enrollment.enrollment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import fr.idnum.enrollment.messaging.RecordingSmsGateway;
import fr.idnum.enrollment.problem.Problem;
import fr.idnum.enrollment.support.Identities;
import fr.idnum.enrollment.support.PostgresTestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresTestDatabase.class)
class EnrollmentStartTest {

    @Inject
    RecordingSmsGateway sms;

    private static io.restassured.response.ValidatableResponse start(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/enrollments").then();
    }

    private static void assertRefused(Map<String, Object> body, String field) {
        start(body).statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(Problem.TYPE_BASE + "invalid-request"))
                .body("errors.field", hasItem(field));
    }

    @Test
    @TestSecurity(user = "citizen-start")
    @OidcSecurity(claims = @Claim(key = "sub", value = "citizen-start"))
    void startsAnEnrollmentNormalisesTheIdentityAndTextsACode() {
        String id = start(Identities.valid()).statusCode(201)
                .body("state", equalTo("DRAFT"))
                .body("documentNumber", equalTo("X4RTBPFW4"))
                .body("givenNames", equalTo("Marie Anne Élise"))
                .body("birthName", equalTo("DUPONT"))
                .body("usageName", equalTo("MARTIN"))
                .body("mobilePhone", equalTo("+33612345678"))
                .body("email", equalTo("marie.dupont@example.fr"))
                .extract().path("id");

        List<RecordingSmsGateway.RecordedSms> texts = sms.sentTo("+33612345678");
        assertTrue(texts.stream().anyMatch(t -> t.text().matches("(?s).*\\b[0-9]{6}\\b.*")), "an SMS with a 6-digit code");

        List<AuditEvent> trail = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() -> AuditEvent.trailOf(UUID.fromString(id)));
        assertEquals(1, trail.size());
        assertEquals("start", trail.get(0).action);
        assertEquals("citizen-start", trail.get(0).actor);
        assertEquals(EnrollmentState.DRAFT, trail.get(0).toState);

        given().get("/api/v1/enrollments/current").then().statusCode(200).body("id", equalTo(id));
    }

    @Test
    @TestSecurity(user = "citizen-twice")
    @OidcSecurity(claims = @Claim(key = "sub", value = "citizen-twice"))
    void secondEnrollmentWhileOneIsOpenIsAConflict() {
        start(Identities.valid()).statusCode(201);
        start(Identities.valid()).statusCode(409).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(Problem.TYPE_BASE + "enrollment-exists"));
    }

    @Test
    @TestSecurity(user = "citizen-invalid")
    @OidcSecurity(claims = @Claim(key = "sub", value = "citizen-invalid"))
    void refusesEachInvalidFieldWithItsName() {
        LocalDate today = LocalDate.now();
        assertRefused(Identities.with("birthDate", today.minusYears(18).plusDays(1).toString()), "birthDate");
        assertRefused(Identities.with("documentExpiryDate", today.toString()), "documentExpiryDate");
        assertRefused(Identities.with("documentNumber", "12AB345"), "documentNumber");
        assertRefused(Identities.with("nationality", "99134"), "nationality");
        assertRefused(Identities.with("birthPlace", "99999"), "birthPlace");
        assertRefused(Identities.with("birthPlace", null), "birthPlace");
        assertRefused(Identities.with("birthCountry", "99999"), "birthCountry");
        assertRefused(Identities.with("mobilePhone", "01 23 45 67 89"), "mobilePhone");
        assertRefused(Identities.with("givenNames", List.of("Marie2")), "givenNames[0].<list element>");
        assertRefused(Identities.with("givenNames", java.util.Collections.nCopies(10, "Maximilienne-Bénédicte-Françoise-Marie-Thérèse")),
                "givenNames");
        assertRefused(Identities.with("birthName", "ß".repeat(200)), "birthName");
        assertRefused(Identities.with("birthName", "Du  pont"), "birthName");
        assertRefused(Identities.with("email", "not-an-email"), "email");
        assertRefused(Identities.with("address", Map.of("line1", "1 rue", "postalCode", "00100", "city", "Nulle part")), "address.postalCode");
        given().get("/api/v1/enrollments/current").then().statusCode(404);
    }

    @Test
    @TestSecurity(user = "citizen-montenegro")
    @OidcSecurity(claims = @Claim(key = "sub", value = "citizen-montenegro"))
    void everyInseeCountryIsABirthCountryButOnlyOneInUseIsANationality() {
        Map<String, Object> permit = Identities.valid();
        permit.put("documentType", "RESIDENCE_PERMIT");
        permit.put("documentNumber", "2345678901");
        permit.put("documentIssueDate", LocalDate.now().minusYears(1).toString());
        permit.put("documentExpiryDate", LocalDate.now().plusYears(9).toString());
        permit.put("mobilePhone", "06 12 34 56 79");
        permit.put("birthPlace", null);
        // Born in Czechoslovakia (a former state, 99115), a national of Kosovo (99157): both were refused before.
        permit.put("birthCountry", "99115");
        permit.put("nationality", "99115");
        assertRefused(permit, "nationality");
        permit.put("nationality", "99157");
        start(permit).statusCode(201).body("birthCountry", equalTo("99115")).body("nationality", equalTo("99157"));
    }

    @Test
    @TestSecurity(user = "citizen-resident")
    @OidcSecurity(claims = @Claim(key = "sub", value = "citizen-resident"))
    void residencePermitMustBeValidForMoreThanFiveYearsAndHeldByAForeignNational() {
        Map<String, Object> permit = Identities.valid();
        permit.put("documentType", "RESIDENCE_PERMIT");
        permit.put("documentNumber", "1234567890");
        permit.put("nationality", "99134");
        permit.put("birthCountry", "99134");
        permit.put("birthPlace", null);
        permit.put("documentIssueDate", LocalDate.now().minusYears(1).toString());
        permit.put("documentExpiryDate", LocalDate.now().plusYears(4).toString());
        assertRefused(permit, "documentExpiryDate");

        permit.put("documentExpiryDate", LocalDate.now().plusYears(9).toString());
        permit.put("nationality", "99100");
        assertRefused(permit, "nationality");

        permit.put("nationality", "99134");
        start(permit).statusCode(201).body("birthPlace", nullValue()).body("birthCountry", equalTo("99134"));
    }

    @Test
    void refusesCallersWithoutAToken() {
        start(Identities.valid()).statusCode(401);
        given().get("/api/v1/enrollments/current").then().statusCode(401);
    }

    @Test
    @TestSecurity(user = "citizen-garbage")
    @OidcSecurity(claims = @Claim(key = "sub", value = "citizen-garbage"))
    void malformedJsonIsAProblemNotAStackTrace() {
        given().contentType(ContentType.JSON).body("{\"documentType\": \"PASSPORT\"").post("/api/v1/enrollments")
                .then().statusCode(400).contentType(startsWith(Problem.MEDIA_TYPE))
                .body("type", equalTo(Problem.TYPE_BASE + "unreadable-body"));
        given().contentType(ContentType.JSON).body(Identities.with("documentType", "DRIVING_LICENCE")).post("/api/v1/enrollments")
                .then().statusCode(400).contentType(startsWith(Problem.MEDIA_TYPE))
                .body("errors.field", hasItem("documentType"));
    }
}
