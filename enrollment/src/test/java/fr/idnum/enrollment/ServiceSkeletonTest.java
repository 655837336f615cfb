package fr.idnum.enrollment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;

import java.net.URL;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import org.junit.jupiter.api.Test;

@QuarkusTest
class ServiceSkeletonTest {

    @TestHTTPResource(value = "/health/live", management = true) // under the management root, /q
    URL live;
    @TestHTTPResource(value = "/health/ready", management = true)
    URL ready;

    @Test
    void livenessIsUpOnTheManagementPort() {
        given().when().get(live)
                .then().statusCode(200)
                .body("status", equalTo("UP"));
    }

    @Test
    void readinessIsUpOnTheManagementPort() {
        given().when().get(ready)
                .then().statusCode(200)
                .body("status", equalTo("UP"));
    }

    @Test
    void theApiPortServesNeitherHealthNorMetrics() {
        given().when().get("/q/health/ready").then().statusCode(404);
        given().when().get("/q/metrics").then().statusCode(404);
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
