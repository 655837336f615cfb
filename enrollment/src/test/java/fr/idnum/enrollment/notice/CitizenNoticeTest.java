package fr.idnum.enrollment.notice;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import fr.idnum.enrollment.support.CapturingMailSender;
import fr.idnum.enrollment.support.Journeys;
import fr.idnum.enrollment.support.PostgresTestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

/** Keycloak tells citizens by e-mail what happened to their phone; nobody else may. */
@QuarkusTest
@QuarkusTestResource(PostgresTestDatabase.class)
class CitizenNoticeTest {

    private static final String PATH = "/api/v1/internal/citizen-notices";

    @Inject
    Journeys journeys;

    @Inject
    CapturingMailSender mail;

    private static ValidatableResponse post(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post(PATH).then();
    }

    @Test
    @TestSecurity(user = "keycloak", roles = CitizenNoticeResource.ROLE)
    void mailsTheNoticeToTheCitizenFrenchFirst() {
        journeys.active("notice-ok", "LEROY", "30000101");

        post(Map.of("subject", "notice-ok", "notice", "PHONE_REPLACED", "deviceLabel", "Pixel de Jean")).statusCode(202);

        List<CapturingMailSender.Mail> sent = mail.sentTo("notice-ok@example.fr");
        assertEquals(1, sent.size());
        CapturingMailSender.Mail notice = sent.get(0);
        assertEquals(CitizenNotice.PHONE_REPLACED.subject(), notice.subject());
        assertTrue(notice.text().contains("« Pixel de Jean »"), notice.text());
        assertTrue(notice.text().indexOf("Bonjour") < notice.text().indexOf("Hello"), "French first");
    }

    @Test
    @TestSecurity(user = "keycloak", roles = CitizenNoticeResource.ROLE)
    void refusesUnknownCitizensAndBadInput() {
        post(Map.of("subject", "notice-nobody", "notice", "PHONE_LOCKED", "deviceLabel", "Pixel")).statusCode(404)
                .body("type", equalTo("https://idnum.example.fr/problems/no-enrollment"));
        post(Map.of("subject", "notice-nobody", "notice", "PHONE_STOLEN", "deviceLabel", "Pixel")).statusCode(400);
        post(Map.of("subject", "notice-nobody", "notice", "PHONE_LOCKED", "deviceLabel", "Pixel\nBcc: x@evil")).statusCode(400);
        assertTrue(mail.sentTo("notice-nobody@example.fr").isEmpty());
    }

    @Test
    @TestSecurity(user = "citizen", roles = "user")
    void aCitizenCannotSendNotices() {
        post(Map.of("subject", "notice-any", "notice", "PHONE_LOCKED", "deviceLabel", "Pixel")).statusCode(403);
    }
}
