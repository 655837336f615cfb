package fr.idnum.enrollment;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import fr.idnum.enrollment.support.PostgresTestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The OpenAPI document is the integrators' contract: every API operation states its success and its errors. */
@QuarkusTest
@QuarkusTestResource(PostgresTestDatabase.class)
class OpenApiDocumentTest {

    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

    @Test
    @SuppressWarnings("unchecked")
    void everyApiOperationDocumentsItsSuccessAndAtLeastOneError() {
        Map<String, Object> paths = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath().getMap("paths");
        List<String> undocumented = new ArrayList<>();
        int operations = 0;
        for (Map.Entry<String, Object> path : paths.entrySet()) {
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            Map<String, Object> byMethod = (Map<String, Object>) path.getValue();
            for (String method : METHODS) {
                Map<String, Object> operation = (Map<String, Object>) byMethod.get(method);
                if (operation == null) {
                    continue;
                }
                operations++;
                Map<String, Object> responses = (Map<String, Object>) operation.getOrDefault("responses", Map.of());
                boolean success = responses.keySet().stream().anyMatch(code -> code.startsWith("2"));
                boolean error = responses.keySet().stream().anyMatch(code -> code.startsWith("4") || code.startsWith("5"));
                if (!success || !error) {
                    undocumented.add(method.toUpperCase() + " " + path.getKey() + " " + responses.keySet());
                }
            }
        }
        assertTrue(operations >= 15, "the API has its operations in the document (" + operations + ")");
        assertEquals(List.of(), undocumented, "operations without a documented success and error");
    }
}
