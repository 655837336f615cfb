package fr.idnum.enrollment.enrollment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import jakarta.inject.Inject;

import fr.idnum.enrollment.support.Journeys;
import fr.idnum.enrollment.support.PostgresTestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresTestDatabase.class)
class InternalEnrollmentStatusTest {

    @Inject
    Journeys journeys;

    @Test
    @TestSecurity(user = "keycloak", roles = InternalEnrollmentStatusResource.ROLE)
    void tellsKeycloakTheStateOfTheLatestEnrollment() {
        journeys.verified("status-verified", "ROSSI", "60000001");
        given().get("/api/v1/internal/enrollments/status-verified/status").then().statusCode(200)
                .body("state", equalTo("VERIFIED")).body("active", equalTo(false));
        given().get("/api/v1/internal/enrollments/never-enrolled/status").then().statusCode(404);
    }

    @Test
    @TestSecurity(user = "citizen-curious")
    void aCitizenCannotReadAnotherCitizensStatus() {
        given().get("/api/v1/internal/enrollments/status-verified/status").then().statusCode(403);
    }
}
