package fr.idnum.enrollment.input;

import static fr.idnum.enrollment.input.UntrustedTextTest.assertRefusedNaming;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.idnum.enrollment.audit.Actor;
import fr.idnum.enrollment.problem.Problem;
import fr.idnum.enrollment.support.Identities;
import fr.idnum.enrollment.support.PostgresTestDatabase;
import fr.idnum.enrollment.support.RequestTally;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A body means one thing or is refused: no duplicated member, no trailing garbage, no value of another JSON type
 * read as the one expected (a number as a string, a date or an enum; a string or a number as a boolean; a fraction
 * cut to an integer), and no body read as JSON unless it says it is.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestDatabase.class)
class StrictJsonTest {

    /** Counts every request of this class for the campaign's totals (docs/security-tests.md). */
    private static final RequestTally TALLY = new RequestTally();

    @AfterAll
    static void tally() {
        TALLY.write(StrictJsonTest.class);
    }

    private static RequestSpecification given() {
        return TALLY.given();
    }

    private static final String ADMIN = "admin-strict";
    private static final String AGENT = "agent-strict";

    @Inject
    ObjectMapper mapper;

    private static ValidatableResponse suspend(String rawBody) {
        return given().contentType(ContentType.JSON).body(rawBody)
                .post("/api/v1/admin/enrollments/" + UUID.randomUUID() + "/suspend").then();
    }

    private static ValidatableResponse start(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/enrollments").then();
    }

    private static ValidatableResponse check(Object documentSeen) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("activationCode", "123456", "documentSeen", documentSeen, "identityMatches", true))
                .post("/api/v1/agent/enrollments/" + UUID.randomUUID() + "/check").then();
    }

    @Test
    @TestSecurity(user = ADMIN, roles = Actor.ADMIN)
    @OidcSecurity(claims = {@Claim(key = "sub", value = ADMIN), @Claim(key = "acr", value = "eidas2")})
    void refusesADuplicatedMemberAsAProblem() {
        suspend("{\"reason\":\"a\",\"reason\":\"b\"}").statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(Problem.TYPE_BASE + "unreadable-body"));
    }

    /**
     * Three zero bytes first make Jackson read the body as UTF-32, and "subj" is then no UTF-32 character: Jackson
     * throws java.io.CharConversionException, no JsonProcessingException, which no mapper took (found by
     * RequestBodyFuzzTest).
     */
    @Test
    @TestSecurity(user = ADMIN, roles = Actor.ADMIN)
    @OidcSecurity(claims = {@Claim(key = "sub", value = ADMIN), @Claim(key = "acr", value = "eidas2")})
    void refusesABodyInNoUnicodeEncodingAsAProblem() {
        given().contentType(ContentType.JSON).body(new byte[]{0, 0, 0, '{', 's', 'u', 'b', 'j'})
                .post("/api/v1/admin/enrollments/" + UUID.randomUUID() + "/suspend").then()
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(Problem.TYPE_BASE + "unreadable-body"));
    }

    @Test
    @TestSecurity(user = ADMIN, roles = Actor.ADMIN)
    @OidcSecurity(claims = {@Claim(key = "sub", value = ADMIN), @Claim(key = "acr", value = "eidas2")})
    void refusesTrailingGarbageAfterTheBody() {
        suspend("{\"reason\":\"phone stolen\"} trailing").statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(Problem.TYPE_BASE + "unreadable-body"));
    }

    @Test
    @TestSecurity(user = ADMIN, roles = Actor.ADMIN)
    @OidcSecurity(claims = {@Claim(key = "sub", value = ADMIN), @Claim(key = "acr", value = "eidas2")})
    void refusesABodyThatDoesNotSayItIsJson() throws Exception {
        // RestAssured always sends a Content-Type; the JDK's client sends none unless told.
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/api/v1/admin/enrollments/" + UUID.randomUUID() + "/suspend"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"phone stolen\"}")).build(), HttpResponse.BodyHandlers.ofString());
        TALLY.cases(1);
        if (response.statusCode() >= 500) {
            TALLY.serverError();
        }
        assertEquals(415, response.statusCode(), response.body());
        assertEquals(Problem.MEDIA_TYPE, response.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    @TestSecurity(user = ADMIN, roles = Actor.ADMIN)
    @OidcSecurity(claims = {@Claim(key = "sub", value = ADMIN), @Claim(key = "acr", value = "eidas2")})
    void refusesANumberWhereAStringIsExpected() {
        assertRefusedNaming(suspend("{\"reason\":12345}"), "reason");
        assertRefusedNaming(suspend("{\"reason\":true}"), "reason");
    }

    @Test
    @TestSecurity(user = "citizen-strict-date")
    @OidcSecurity(claims = @Claim(key = "sub", value = "citizen-strict-date"))
    void refusesANumberAsADate() {
        assertRefusedNaming(start(Identities.with("birthDate", 12345)), "birthDate");
        assertRefusedNaming(start(Identities.with("birthDate", java.util.List.of(1985, 4, 12))), "birthDate");
    }

    @Test
    @TestSecurity(user = "citizen-strict-enum")
    @OidcSecurity(claims = @Claim(key = "sub", value = "citizen-strict-enum"))
    void refusesAnEnumByItsOrdinal() {
        assertRefusedNaming(start(Identities.with("gender", 0)), "gender");
        assertRefusedNaming(start(Identities.with("documentType", "1")), "documentType");
    }

    @Test
    @TestSecurity(user = AGENT, roles = Actor.AGENT)
    @OidcSecurity(claims = {@Claim(key = "sub", value = AGENT), @Claim(key = "acr", value = "eidas2")})
    void refusesAStringOrANumberAsABoolean() {
        assertRefusedNaming(check("true"), "documentSeen");
        assertRefusedNaming(check(1), "documentSeen");
        assertRefusedNaming(check(12345), "documentSeen");
    }

    /** No request body of the API has an integer today; the rule is the mapper's, for the next one that does. */
    record Count(int value, Integer boxed) {
    }

    @Test
    void refusesAFractionOrAStringWhereAnIntegerIsExpected() throws Exception {
        TALLY.cases(3); // three refused bodies, read by the mapper directly
        assertEquals(3, mapper.readValue("{\"value\":3,\"boxed\":4}", Count.class).value());
        assertThrows(JsonProcessingException.class, () -> mapper.readValue("{\"value\":3.7}", Count.class));
        assertThrows(JsonProcessingException.class, () -> mapper.readValue("{\"boxed\":3.7}", Count.class));
        assertThrows(JsonProcessingException.class, () -> mapper.readValue("{\"value\":\"3\"}", Count.class));
    }
}
