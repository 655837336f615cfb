package fr.idnum.enrollment;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import fr.idnum.enrollment.support.PostgresTestDatabase;
import fr.idnum.protocol.enrollment.InternalApi;
import io.restassured.path.json.JsonPath;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document is the integrators' contract: every API operation states its success and its errors, and the
 * 503 answers it can give with the Retry-After that goes with them (issue 14).
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestDatabase.class)
class OpenApiDocumentTest {

    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

    /** The only API operations that never touch the database: no 503 service-unavailable from them. */
    private static final Set<String> WITHOUT_DATABASE = Set.of("GET /api/v1/reference/countries", "GET /api/v1/service-info",
            "POST " + InternalApi.PUSH, "GET /api/v1/demo/outbox/sms", "GET /api/v1/demo/outbox/mail",
            "GET /api/v1/demo/outbox/letter", "GET /api/v1/demo/outbox/registered-letter", "GET /api/v1/demo/outbox/push");

    /** The operations that send a message to the citizen (a code, a notice): 503 message-not-sent too. */
    private static final Set<String> SENDING = Set.of("POST /api/v1/enrollments",
            "POST /api/v1/enrollments/current/phone-verification/resend", "POST /api/v1/enrollments/current/mobile-phone",
            "POST /api/v1/enrollments/current/mobile-phone/verification", "POST /api/v1/enrollments/current/activation-code/resend",
            "POST /api/v1/enrollments/current/verification-mode", "POST /api/v1/verification/remote/callback",
            "POST /api/v1/admin/enrollments/{id}/require-reactivation", "POST /api/v1/admin/enrollments/{id}/reissue-activation-code",
            "POST " + InternalApi.CITIZEN_NOTICES);

    private static JsonPath document() {
        return given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
    }

    /** Every API operation as "METHOD /path", with its responses (a {@code $ref} resolved in the components). */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> responsesByOperation(JsonPath document) {
        Map<String, Object> paths = document.getMap("paths");
        Map<String, Object> components = document.getMap("components.responses");
        Map<String, Map<String, Object>> byOperation = new java.util.TreeMap<>();
        for (Map.Entry<String, Object> path : paths.entrySet()) {
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            for (String method : METHODS) {
                Map<String, Object> operation = (Map<String, Object>) ((Map<String, Object>) path.getValue()).get(method);
                if (operation == null) {
                    continue;
                }
                Map<String, Object> responses = new java.util.HashMap<>();
                ((Map<String, Object>) operation.getOrDefault("responses", Map.of())).forEach((code, response) -> {
                    Object ref = ((Map<String, Object>) response).get("$ref");
                    responses.put(code, ref == null ? response
                            : components.get(ref.toString().substring("#/components/responses/".length())));
                });
                byOperation.put(method.toUpperCase() + " " + path.getKey(), responses);
            }
        }
        return byOperation;
    }

    /** What is missing from a documented 503: its Retry-After header, a problem+json body, the problem types named. */
    @SuppressWarnings("unchecked")
    private static List<String> missingFrom503(Map<String, Object> response, List<String> types) {
        List<String> missing = new ArrayList<>();
        if (response == null) {
            return List.of("no 503");
        }
        if (!((Map<String, Object>) response.getOrDefault("headers", Map.of())).containsKey("Retry-After")) {
            missing.add("Retry-After");
        }
        if (!((Map<String, Object>) response.getOrDefault("content", Map.of())).containsKey(fr.idnum.enrollment.problem.Problem.MEDIA_TYPE)) {
            missing.add("problem+json");
        }
        String description = String.valueOf(response.get("description"));
        types.stream().filter(type -> !description.contains(type)).forEach(missing::add);
        return missing;
    }

    @Test
    void everyOperationThatReachesTheDatabaseDocumentsItsServiceUnavailableAnswer() {
        Map<String, Map<String, Object>> operations = responsesByOperation(document());
        assertTrue(operations.keySet().containsAll(WITHOUT_DATABASE), "the operations said not to touch the database exist");
        assertTrue(operations.keySet().containsAll(SENDING), "the operations said to send a message exist");
        List<String> undocumented = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, Map<String, Object>> operation : operations.entrySet()) {
            if (WITHOUT_DATABASE.contains(operation.getKey())) {
                continue;
            }
            checked++;
            List<String> types = SENDING.contains(operation.getKey())
                    ? List.of("service-unavailable", "message-not-sent") : List.of("service-unavailable");
            List<String> missing = missingFrom503((Map<String, Object>) (Object) operation.getValue().get("503"), types);
            if (!missing.isEmpty()) {
                undocumented.add(operation.getKey() + " " + missing);
            }
        }
        assertTrue(checked >= 25, "the operations that reach the database were checked (" + checked + ")");
        assertEquals(List.of(), undocumented, "503 answers missing from the document");
    }

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
