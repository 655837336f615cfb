package fr.idnum.enrollment.input;

import static fr.idnum.enrollment.input.UntrustedTextTest.assertRefusedNaming;

import java.time.LocalDate;
import java.util.Map;

import fr.idnum.enrollment.audit.Actor;
import fr.idnum.enrollment.support.Identities;
import fr.idnum.enrollment.support.PostgresTestDatabase;
import fr.idnum.enrollment.support.RequestTally;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Values that pass their format but not the database or good sense: dates past PostgreSQL's range (500 before),
 * document dates no document carries, an e-mail that outgrows its column once lower-cased (500 before).
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestDatabase.class)
class ImplausibleIdentityTest {

    /** Counts every request of this class for the campaign's totals (docs/security-tests.md). */
    private static final RequestTally TALLY = new RequestTally();

    @AfterAll
    static void tally() {
        TALLY.write(ImplausibleIdentityTest.class);
    }

    private static RequestSpecification given() {
        return TALLY.given();
    }

    private static final String ADMIN = "admin-implausible";

    private static ValidatableResponse start(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/enrollments").then();
    }

    @Test
    @TestSecurity(user = "citizen-far-future")
    @OidcSecurity(claims = @Claim(key = "sub", value = "citizen-far-future"))
    void refusesADateBeyondFourDigitYears() {
        assertRefusedNaming(start(Identities.with("documentExpiryDate", "+9999999-01-01")), "documentExpiryDate");
        assertRefusedNaming(start(Identities.with("documentIssueDate", "-9999999-01-01")), "documentIssueDate");
        assertRefusedNaming(start(Identities.with("birthDate", "+10000-01-01")), "birthDate");
    }

    @Test
    @TestSecurity(user = ADMIN, roles = Actor.ADMIN)
    @OidcSecurity(claims = {@Claim(key = "sub", value = ADMIN), @Claim(key = "acr", value = "eidas2")})
    void refusesADateBeyondFourDigitYearsInAnAdministratorsSearch() {
        assertRefusedNaming(given().urlEncodingEnabled(false)
                .get("/api/v1/admin/enrollments?birthName=DUPONT&birthDate=%2B9999999-01-01").then(), "birthDate");
    }

    @Test
    @TestSecurity(user = "citizen-year-zero")
    @OidcSecurity(claims = @Claim(key = "sub", value = "citizen-year-zero"))
    void refusesDocumentDatesNoDocumentCarries() {
        assertRefusedNaming(start(Identities.with("documentIssueDate", "0000-01-01")), "documentIssueDate");
        assertRefusedNaming(start(Identities.with("documentExpiryDate", "9999-12-31")), "documentExpiryDate");
    }

    @Test
    @TestSecurity(user = "citizen-last-plausible")
    @OidcSecurity(claims = @Claim(key = "sub", value = "citizen-last-plausible"))
    void acceptsAnIdentityCardValidForFifteenYears() {
        Map<String, Object> body = Identities.with("documentIssueDate", LocalDate.now().minusYears(1).toString());
        body.put("documentExpiryDate", LocalDate.now().plusYears(14).toString());
        start(body).statusCode(201);
    }

    @Test
    @TestSecurity(user = "citizen-dotted-i")
    @OidcSecurity(claims = @Claim(key = "sub", value = "citizen-dotted-i"))
    void refusesAnEmailThatOutgrowsItsColumnOnceLowerCased() {
        // 252 characters as typed; "İ" lower-cases to "i" + a combining dot, so 316 once stored. Refused first by the
        // ASCII rule of e-mail addresses now; IdentityRules' check of the stored length stays behind it.
        String email = "İ".repeat(64) + "@" + "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(56) + ".fr";
        assertRefusedNaming(start(Identities.with("email", email)), "email");
    }
}
