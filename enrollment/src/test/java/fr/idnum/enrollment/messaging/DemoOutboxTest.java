package fr.idnum.enrollment.messaging;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;

import jakarta.inject.Inject;

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

/** The demo outbox, as the test profile wires the channels: SMS and push recorded, e-mail captured by the tests. */
@QuarkusTest
@QuarkusTestResource(PostgresTestDatabase.class)
class DemoOutboxTest {

    @Inject
    RecordingPushSender pushes;

    @Test
    @TestSecurity(user = "outbox-sms")
    @OidcSecurity(claims = @Claim(key = "sub", value = "outbox-sms"))
    void listsThePhoneCodeSmsForItsNumberOnly() {
        given().contentType(ContentType.JSON).body(Identities.with("mobilePhone", "07 20 00 00 01"))
                .post("/api/v1/enrollments").then().statusCode(201);

        given().queryParam("to", "+33720000001").get("/api/v1/demo/outbox/sms").then()
                .statusCode(200).contentType(ContentType.JSON)
                .body("$", hasSize(1))
                .body("[0].to", equalTo("+33720000001"))
                .body("[0].text", matchesPattern("(?s).*\\b[0-9]{6}\\b.*"))
                .body("[0].at", notNullValue());
        given().queryParam("to", "+33720000002").get("/api/v1/demo/outbox/sms").then()
                .statusCode(200).body("$", hasSize(0));
    }

    @Test
    @TestSecurity(user = "outbox-page")
    @OidcSecurity(claims = @Claim(key = "sub", value = "outbox-page"))
    void aBrowserGetsTheSmsAsAFrenchPageAndEveryOtherClientKeepsTheJson() {
        given().contentType(ContentType.JSON).body(Identities.with("mobilePhone", "07 20 00 00 07"))
                .post("/api/v1/enrollments").then().statusCode(201);
        String code = given().queryParam("to", "+33720000007").get("/api/v1/demo/outbox/sms").then()
                .statusCode(200).contentType(ContentType.JSON).extract().jsonPath().getString("[0].text")
                .replaceAll("(?s).*\\b([0-9]{6})\\b.*", "$1");

        given().header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                .queryParam("to", "07 20 00 00 07").get("/api/v1/demo/outbox/sms").then()
                .statusCode(200).contentType(ContentType.HTML)
                .header("Content-Security-Policy", equalTo(DemoOutboxPage.CONTENT_SECURITY_POLICY))
                .body(org.hamcrest.Matchers.containsString("<html lang=\"fr\">"))
                .body(org.hamcrest.Matchers.containsString("<h1>SMS de démonstration envoyés au +33720000007</h1>"))
                .body(org.hamcrest.Matchers.containsString("<td class=\"code\">" + code + "</td>"));
        given().header("Accept", "application/json").queryParam("to", "+33720000007").get("/api/v1/demo/outbox/sms").then()
                .statusCode(200).contentType(ContentType.JSON).body("$", hasSize(1));
    }

    @Test
    @TestSecurity(user = "outbox-typed")
    @OidcSecurity(claims = @Claim(key = "sub", value = "outbox-typed"))
    void findsTheSmsForANumberTypedUnencodedOrInNationalForm() {
        given().contentType(ContentType.JSON).body(Identities.with("mobilePhone", "07 20 00 00 03"))
                .post("/api/v1/enrollments").then().statusCode(201);

        given().urlEncodingEnabled(false).get("/api/v1/demo/outbox/sms?to=+33720000003").then()
                .statusCode(200).body("$", hasSize(1));
        given().queryParam("to", "07 20 00 00 03").get("/api/v1/demo/outbox/sms").then()
                .statusCode(200).body("$", hasSize(1)).body("[0].to", equalTo("+33720000003"));
    }

    @Inject
    RecordingLetterSender letters;

    @Test
    void listsTheLettersTheStandInWouldHavePostedForOneEnrollment() {
        letters.send(new Letter("outbox-letter-1", "Ange SANTONI",
                new fr.idnum.enrollment.identity.PostalAddress("5 rue de Grenelle", null, "75007", "Paris"), "code : 246810"));
        letters.send(new Letter("outbox-letter-2", "Marie ALBERTINI",
                new fr.idnum.enrollment.identity.PostalAddress("1 quai Gambetta", null, "20200", "Bastia"), "code : 135791"));

        given().queryParam("reference", "outbox-letter-1").get("/api/v1/demo/outbox/letter").then()
                .statusCode(200).contentType(ContentType.JSON)
                .body("$", hasSize(1))
                .body("[0].reference", equalTo("outbox-letter-1"))
                .body("[0].recipient", equalTo("Ange SANTONI"))
                .body("[0].line1", equalTo("5 rue de Grenelle"))
                .body("[0].postalCode", equalTo("75007"))
                .body("[0].city", equalTo("Paris"))
                .body("[0].text", equalTo("code : 246810"))
                .body("[0].at", notNullValue());
    }

    @Inject
    RecordingRegisteredLetterSender registeredLetters;

    @Test
    void listsTheRegisteredLettersTheStandInWouldHaveSentToOneAddress() {
        var addressee = new RegisteredLetter.Addressee("Ange", "SANTONI", java.time.LocalDate.of(1990, 6, 15));
        registeredLetters.send(new RegisteredLetter("outbox-rl-1", "Ange.Santoni@example.fr", addressee, "Objet", "code : 864213"));
        registeredLetters.send(new RegisteredLetter("outbox-rl-2", "someone@example.fr", addressee, "Objet", "code : 531246"));

        given().queryParam("to", "ange.santoni@example.fr").get("/api/v1/demo/outbox/registered-letter").then()
                .statusCode(200).contentType(ContentType.JSON)
                .body("$", hasSize(1))
                .body("[0].reference", equalTo("outbox-rl-1"))
                .body("[0].to", equalTo("Ange.Santoni@example.fr"))
                .body("[0].givenNames", equalTo("Ange"))
                .body("[0].birthName", equalTo("SANTONI"))
                .body("[0].birthDate", equalTo("1990-06-15"))
                .body("[0].subject", equalTo("Objet"))
                .body("[0].text", equalTo("code : 864213"))
                .body("[0].at", notNullValue());
    }

    @Test
    void listsPushesWithTheirRecipientTokenAndChallenge() {
        pushes.send(new PushMessage("tok-outbox", PushMessage.Platform.ANDROID, "ch_outbox_0001", Duration.ofSeconds(90)));

        given().queryParam("to", "tok-outbox").get("/api/v1/demo/outbox/push").then()
                .statusCode(200)
                .body("$", hasSize(1))
                .body("[0].challengeId", equalTo("ch_outbox_0001"))
                .body("[0].platform", equalTo("ANDROID"))
                .body("[0].ttlSeconds", equalTo(90))
                .body("[0].outcome", equalTo("DELIVERED"));
    }

    @Test
    void listsThePushesAfterTheLastOneAReaderSaw() {
        pushes.send(new PushMessage("tok-after-1", PushMessage.Platform.ANDROID, "ch_after_0001", Duration.ofSeconds(90)));
        long seen = given().queryParam("to", "tok-after-1").get("/api/v1/demo/outbox/push").then()
                .statusCode(200).body("$", hasSize(1)).extract().jsonPath().getLong("[0].sequence");
        pushes.send(new PushMessage("tok-after-2", PushMessage.Platform.IOS, "ch_after_0002", Duration.ofSeconds(90)));
        pushes.send(new PushMessage("tok-after-3", PushMessage.Platform.ANDROID, "ch_after_0003", Duration.ofSeconds(90)));

        // Other tests may push meanwhile: what follows ours is ours in order, numbered one after the other.
        var after = given().queryParam("after", seen).get("/api/v1/demo/outbox/push").then()
                .statusCode(200).extract().jsonPath();
        java.util.List<String> challenges = after.getList("challengeId");
        java.util.List<Long> sequences = after.getList("sequence", Long.class);
        assertEquals(java.util.List.of("ch_after_0002", "ch_after_0003"),
                challenges.stream().filter(c -> c.startsWith("ch_after_")).toList());
        assertTrue(sequences.get(0) == seen + 1 && sequences.stream().allMatch(n -> n > seen), "numbered after " + seen + ": " + sequences);
        given().queryParam("after", seen).queryParam("to", "tok-after-3").get("/api/v1/demo/outbox/push").then()
                .statusCode(200).body("$", hasSize(1)).body("[0].challengeId", equalTo("ch_after_0003"));
        given().queryParam("after", sequences.get(sequences.size() - 1)).queryParam("to", "tok-after-3").get("/api/v1/demo/outbox/push").then()
                .statusCode(200).body("$", hasSize(0));
    }

    @Test
    void refusesASequenceNumberThatIsNotOne() {
        for (String bad : new String[] {"-1", "1.5", "abc", "99999999999999999999"}) {
            given().queryParam("after", bad).get("/api/v1/demo/outbox/push").then()
                    .statusCode(400).contentType(Problem.MEDIA_TYPE)
                    .body("errors[0].field", equalTo("after"));
        }
    }

    @Test
    void aChannelCarriedByAnotherSenderHasNoOutbox() {
        // The tests replace the e-mail channel with their own capturing sender: nothing is recorded to show.
        given().get("/api/v1/demo/outbox/mail").then()
                .statusCode(404).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(Problem.TYPE_BASE + "no-outbox"));
    }
}
