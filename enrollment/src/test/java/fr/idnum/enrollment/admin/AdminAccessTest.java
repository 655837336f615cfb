package fr.idnum.enrollment.admin;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import fr.idnum.enrollment.audit.Actor;
import fr.idnum.enrollment.support.Journeys;
import fr.idnum.enrollment.support.PostgresTestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** Only enrollment administrators reach the admin API, whoever else holds a valid token. */
@QuarkusTest
@QuarkusTestResource(PostgresTestDatabase.class)
class AdminAccessTest {

    @Inject
    Journeys journeys;

    /** The status of every admin endpoint for the current identity, in a fixed order. */
    private List<Integer> statusesOfEveryEndpoint(UUID id) {
        List<Integer> statuses = new ArrayList<>();
        statuses.add(given().queryParam("state", "ACTIVE").get(AdminApi.BASE).then().extract().statusCode());
        for (String read : List.of("", "/audit-trail", "/export")) {
            statuses.add(given().get(AdminApi.BASE + "/" + id + read).then().extract().statusCode());
        }
        for (String action : AdminApi.ACTIONS) {
            statuses.add(given().contentType(ContentType.JSON).body(Map.of("reason", "because"))
                    .post(AdminApi.BASE + "/" + id + "/" + action).then().extract().statusCode());
        }
        return statuses;
    }

    private UUID anEnrollmentOf(String subject, String subscriber) {
        return journeys.active(subject, "ACCESS", subscriber).enrollmentId();
    }

    private static List<Integer> all(int status) {
        return java.util.Collections.nCopies(1 + 3 + AdminApi.ACTIONS.size(), status);
    }

    @Test
    @TestSecurity(user = "adm-access-citizen")
    @OidcSecurity(claims = @Claim(key = "sub", value = "adm-access-citizen"))
    void aCitizenIsForbiddenEverywhereEvenOnTheirOwnEnrollment() {
        UUID own = anEnrollmentOf("adm-access-citizen", "85000001");
        List<String> before = AdminApi.actionsOf(own);
        assertEquals(all(403), statusesOfEveryEndpoint(own));
        assertEquals(before, AdminApi.actionsOf(own), "nothing happened");
    }

    @Test
    @TestSecurity(user = "adm-access-agent", roles = Actor.AGENT)
    @OidcSecurity(claims = {@Claim(key = "sub", value = "adm-access-agent"), @Claim(key = "acr", value = "eidas2")})
    void anIdentityVerifierIsForbiddenEverywhere() {
        UUID id = anEnrollmentOf("adm-access-someone", "85000002");
        assertEquals(all(403), statusesOfEveryEndpoint(id));
    }

    @Test
    void anAnonymousCallerMustAuthenticate() {
        UUID id = anEnrollmentOf("adm-access-anonymous", "85000003");
        assertEquals(all(401), statusesOfEveryEndpoint(id));
    }
}
