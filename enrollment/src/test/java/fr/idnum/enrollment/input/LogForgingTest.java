package fr.idnum.enrollment.input;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import fr.idnum.enrollment.audit.Actor;
import fr.idnum.enrollment.support.PostgresTestDatabase;
import fr.idnum.enrollment.support.RequestTally;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * What a caller puts in a path must not reach a log line raw: ESC rewrites a terminal, BEL rings it, CR LF starts a
 * forged line, U+202E reverses what follows. The service logs the path of a refused back-office call.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestDatabase.class)
class LogForgingTest {

    /** Counts every request of this class for the campaign's totals (docs/security-tests.md). */
    private static final RequestTally TALLY = new RequestTally();

    @AfterAll
    static void tally() {
        TALLY.write(LogForgingTest.class);
    }

    private static RequestSpecification given() {
        return TALLY.given();
    }

    private static final Path LOG = Path.of("target", "enrollment-test.log");
    private static final String ADMIN = "admin-weak-sign-in";

    @Test
    @TestSecurity(user = ADMIN, roles = Actor.ADMIN)
    @OidcSecurity(claims = {@Claim(key = "sub", value = ADMIN), @Claim(key = "acr", value = "eidas1")})
    void controlCharactersOfAPathAreEscapedInTheLog() throws IOException {
        given().urlEncodingEnabled(false)
                .get("/api/v1/admin/enrollments/forged%1B%5B2J%07%0D%0A2026-01-01%20INFO%20ok%E2%80%AE/audit-trail")
                .then().statusCode(403);

        List<String> lines = Files.readAllLines(LOG, StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains(ADMIN)).toList();
        assertTrue(!lines.isEmpty(), "the refusal is logged");
        for (String line : lines) {
            assertTrue(line.chars().noneMatch(c -> c == 0x1b || c == 0x07 || c == 0x0d || c == 0x202e), line);
        }
        assertTrue(lines.stream().anyMatch(line -> line.contains("forged\\u001B[2J\\u0007\\u000D\\u000A2026")), lines.toString());
    }
}
