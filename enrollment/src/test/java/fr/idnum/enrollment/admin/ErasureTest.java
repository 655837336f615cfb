package fr.idnum.enrollment.admin;

import static fr.idnum.enrollment.admin.AdminApi.act;
import static fr.idnum.enrollment.admin.AdminApi.actionsOf;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import fr.idnum.enrollment.audit.Actor;
import fr.idnum.enrollment.problem.Problem;
import fr.idnum.enrollment.support.Journeys;
import fr.idnum.enrollment.support.PostgresTestDatabase;
import fr.idnum.enrollment.support.TestClock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresTestDatabase.class)
class ErasureTest {

    /** Seven years and a day, whatever the leap years in between. */
    private static final Duration PAST_SEVEN_YEARS = Duration.ofDays(7 * 365 + 3);
    private static final Duration PAST_ONE_YEAR = Duration.ofDays(367);

    private static final List<String> IDENTITY_COLUMNS = List.of("document_type", "document_number", "document_issue_date",
            "document_expiry_date", "gender", "given_names", "birth_name", "usage_name", "birth_date", "birth_country",
            "birth_place", "nationality", "address_line1", "address_line2", "postal_code", "city", "mobile_phone", "email",
            "postman_visit_date");

    @Inject
    Journeys journeys;
    @Inject
    TestClock clock;
    @Inject
    DataSource dataSource;
    @Inject
    StatusChangeRecorder recorder;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static void refusedWhileRetained(UUID id) {
        act(id, "erase", "retention over?").statusCode(409).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(Problem.TYPE_BASE + "retention-running"));
    }

    @Test
    @TestSecurity(user = AdminApi.ADMIN, roles = Actor.ADMIN)
    @OidcSecurity(claims = {@Claim(key = "sub", value = AdminApi.ADMIN), @Claim(key = "acr", value = "eidas2")})
    void aVerifiedIdentityIsKeptSevenYearsAfterRevocationThenErasedKeepingTheAuditTrail() throws SQLException {
        UUID id = journeys.active("adm-erase-verified", "ROCCASERRA", "84000001").enrollmentId();
        clock.advance(Duration.ofDays(400));
        act(id, "revoke", "citizen closed the identity").statusCode(200);

        refusedWhileRetained(id);
        clock.advance(PAST_ONE_YEAR);
        refusedWhileRetained(id);
        act(id, "erase", "x").body("detail", containsString("P7Y"));
        clock.advance(Duration.ofDays(7 * 365 - 1).minus(PAST_ONE_YEAR));
        refusedWhileRetained(id);
        List<String> before = actionsOf(id);

        clock.advance(PAST_SEVEN_YEARS.minus(Duration.ofDays(7 * 365 - 1)));
        act(id, "erase", "retention period over").statusCode(200)
                .body("id", equalTo(id.toString())).body("state", equalTo("REVOKED")).body("erasedAt", notNullValue());

        assertIdentityGone(id);
        List<String> after = actionsOf(id);
        assertEquals(before, after.subList(0, before.size()), "the audit trail is kept as it was");
        assertEquals("admin-erase", after.get(after.size() - 1));
        assertEquals(1, recorder.erasuresOf(id).size());
        assertEquals("adm-erase-verified", recorder.erasuresOf(id).get(0).ownerSubject());

        AdminApi.get(id, "").statusCode(200)
                .body("state", equalTo("REVOKED"))
                .body("ownerSubject", equalTo("adm-erase-verified"))
                .body("verificationMode", equalTo("POST_OFFICE"))
                .body("identity", nullValue())
                .body("activationCode", nullValue())
                .body("retention.erasedAt", notNullValue());
        AdminApi.get(id, "export").statusCode(200)
                .body("enrollment.identity", nullValue())
                .body("auditTrail.action", org.hamcrest.Matchers.hasItems("start", "activated", "admin-revoke", "admin-erase"));
        given().queryParams("birthName", "ROCCASERRA", "birthDate", "1970-01-31").get(AdminApi.BASE).then()
                .statusCode(200).body("items", hasSize(0));
        given().queryParam("subject", "adm-erase-verified").get(AdminApi.BASE).then()
                .statusCode(200).body("items[0].identityErased", equalTo(true)).body("items[0].birthName", nullValue());

        act(id, "erase", "again").statusCode(409).body("type", equalTo(Problem.TYPE_BASE + "already-erased"));
    }

    @Test
    @TestSecurity(user = AdminApi.ADMIN, roles = Actor.ADMIN)
    @OidcSecurity(claims = {@Claim(key = "sub", value = AdminApi.ADMIN), @Claim(key = "acr", value = "eidas2")})
    void aNeverVerifiedIdentityIsErasableOneYearAfterItsRejection() throws SQLException {
        UUID id = journeys.rejected("adm-erase-rejected", "BARTOLI", "84000002").enrollmentId();

        refusedWhileRetained(id);
        act(id, "erase", "x").body("detail", containsString("P1Y"));
        clock.advance(Duration.ofDays(360));
        refusedWhileRetained(id);
        AdminApi.get(id, "").body("retention.erasableFrom", notNullValue());

        clock.advance(Duration.ofDays(7));
        act(id, "erase", "retention period over").statusCode(200).body("state", equalTo("REJECTED"));
        assertIdentityGone(id);
    }

    @Test
    @TestSecurity(user = AdminApi.ADMIN, roles = Actor.ADMIN)
    @OidcSecurity(claims = {@Claim(key = "sub", value = AdminApi.ADMIN), @Claim(key = "acr", value = "eidas2")})
    void anOpenEnrollmentIsNeverErasedHoweverOld() {
        UUID active = journeys.active("adm-erase-open", "SUSINI", "84000003").enrollmentId();
        UUID suspended = journeys.active("adm-erase-suspended", "SUSINI", "84000004").enrollmentId();
        act(suspended, "suspend", "investigation").statusCode(200);
        clock.advance(PAST_SEVEN_YEARS.multipliedBy(2));

        for (UUID id : List.of(active, suspended)) {
            act(id, "erase", "very old").statusCode(409).contentType(Problem.MEDIA_TYPE)
                    .body("type", equalTo(Problem.TYPE_BASE + "enrollment-open"));
            AdminApi.get(id, "").statusCode(200).body("identity.birthName", equalTo("SUSINI"))
                    .body("retention.erasableFrom", nullValue());
        }
        assertEquals(List.of(), recorder.erasuresOf(active));
    }

    @Test
    void theDatabaseRefusesAPartialErasureOrOneOfAnOpenEnrollment() throws SQLException {
        UUID open = journeys.verified("adm-erase-db-open", "MARIANI", "84000005").enrollmentId();
        UUID ended = journeys.rejected("adm-erase-db-ended", "MARIANI", "84000006").enrollmentId();

        assertThrows(SQLException.class, () -> update("update enrollment set email = null where id = ?", ended),
                "only all identity columns at once");
        String all = String.join(" = null, ", IDENTITY_COLUMNS) + " = null";
        assertThrows(SQLException.class, () -> update("update enrollment set " + all + " where id = ?", open),
                "never while open");
        assertEquals(1, update("update enrollment set " + all + " where id = ?", ended));
    }

    private int update(String sql, UUID id) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, id);
            return s.executeUpdate();
        }
    }

    private void assertIdentityGone(UUID id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select " + String.join(", ", IDENTITY_COLUMNS)
                     + ", owner_subject, (select count(*) from phone_check where enrollment_id = e.id) as checks"
                     + ", (select count(*) from activation_code where enrollment_id = e.id) as codes"
                     + " from enrollment e where id = ?")) {
            s.setObject(1, id);
            try (ResultSet row = s.executeQuery()) {
                assertTrue(row.next());
                for (String column : IDENTITY_COLUMNS) {
                    assertEquals(null, row.getObject(column), column + " is erased");
                }
                assertTrue(row.getString("owner_subject").startsWith("adm-erase-"), "the pseudonymous owner stays");
                assertEquals(0, row.getInt("checks"));
                assertEquals(0, row.getInt("codes"));
            }
        }
    }
}
