package fr.idnum.enrollment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import org.junit.jupiter.api.Test;

@QuarkusTest
class ServiceSkeletonTest {

    @Test
    void livenessIsUp() {
        given().when().get("/q/health/live")
                .then().statusCode(200)
                .body("status", equalTo("UP"));
    }

    @Test
    void readinessIsUp() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"));
    }

    @Test
    void openApiDocumentListsServiceInfo() {
        given().accept(ContentType.JSON)
                .when().get("/q/openapi")
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("info.title", equalTo("idnum enrollment service"))
                .body("paths", hasKey("/api/v1/service-info"));
    }

    @Test
    void serviceInfoNamesTheService() {
        given().accept(ContentType.JSON)
                .when().get("/api/v1/service-info")
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("service", equalTo("idnum-enrollment"))
                .body("version", not(emptyOrNullString()));
    }
}
