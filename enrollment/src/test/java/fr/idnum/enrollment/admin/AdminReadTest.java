package fr.idnum.enrollment.admin;

import static fr.idnum.enrollment.admin.AdminApi.actionsOf;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import fr.idnum.enrollment.audit.Actor;
import fr.idnum.enrollment.problem.Problem;
import fr.idnum.enrollment.support.Journeys;
import fr.idnum.enrollment.support.PostgresTestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresTestDatabase.class)
class AdminReadTest {

    @Inject
    Journeys journeys;

    private static ValidatableResponse search(Map<String, ?> query) {
        return given().queryParams(query).get(AdminApi.BASE).then();
    }

    @Test
    @TestSecurity(user = AdminApi.ADMIN, roles = Actor.ADMIN)
    @OidcSecurity(claims = {@Claim(key = "sub", value = AdminApi.ADMIN), @Claim(key = "acr", value = "eidas2")})
    void searchesByStateOwnerBirthAndMobileNewestFirst() {
        UUID verified = journeys.verified("adm-search-1", "SANTONI", "82000001").enrollmentId();
        UUID awaiting = journeys.awaitingInPersonCheck("adm-search-2", "SANTONI", "82000002").enrollmentId();

        search(Map.of("birthName", " santoni ", "birthDate", "1970-01-31")).statusCode(200)
                .body("total", equalTo(2))
                .body("items.id", equalTo(List.of(awaiting.toString(), verified.toString())))
                .body("items[0].birthName", equalTo("SANTONI"))
                .body("items[0].givenNames", equalTo("Jean-Pierre Louis"))
                .body("items[0].identityErased", equalTo(false))
                .body("items[0]", not(hasKey("mobilePhone")))
                .body("items[0]", not(hasKey("documentNumber")));
        search(Map.of("birthName", "SANTONI", "birthDate", "1970-02-01")).statusCode(200)
                .body("total", equalTo(0)).body("items", hasSize(0));
        search(Map.of("mobilePhone", "06 82 00 00 01")).statusCode(200)
                .body("items.id", equalTo(List.of(verified.toString())));
        search(Map.of("mobilePhone", "+33682000002")).statusCode(200)
                .body("items.id", equalTo(List.of(awaiting.toString())));
        search(Map.of("subject", "adm-search-2")).statusCode(200)
                .body("items.id", equalTo(List.of(awaiting.toString())))
                .body("items[0].ownerSubject", equalTo("adm-search-2"));
        search(Map.of("state", "verified", "size", 100)).statusCode(200)
                .body("items.id", hasItem(verified.toString()))
                .body("items.id", not(hasItem(awaiting.toString())))
                .body("items.state", everyItem(equalTo("VERIFIED")));
        search(Map.of("state", "AWAITING_VERIFICATION", "birthName", "Santoni", "birthDate", "1970-01-31")).statusCode(200)
                .body("items.id", equalTo(List.of(awaiting.toString())));
    }

    @Test
    @TestSecurity(user = AdminApi.ADMIN, roles = Actor.ADMIN)
    @OidcSecurity(claims = {@Claim(key = "sub", value = AdminApi.ADMIN), @Claim(key = "acr", value = "eidas2")})
    void searchResultsComeInBoundedPages() {
        UUID first = journeys.awaitingInPersonCheck("adm-page-1", "VINCIGUERRA", "82000003").enrollmentId();
        UUID second = journeys.awaitingInPersonCheck("adm-page-2", "VINCIGUERRA", "82000004").enrollmentId();
        UUID third = journeys.awaitingInPersonCheck("adm-page-3", "VINCIGUERRA", "82000005").enrollmentId();
        Map<String, Object> byBirth = Map.of("birthName", "VINCIGUERRA", "birthDate", "1970-01-31");

        search(with(byBirth, "size", 2)).statusCode(200)
                .body("page", equalTo(0)).body("size", equalTo(2)).body("total", equalTo(3))
                .body("items.id", equalTo(List.of(third.toString(), second.toString())));
        search(with(with(byBirth, "size", 2), "page", 1)).statusCode(200)
                .body("items.id", equalTo(List.of(first.toString())));
        search(with(byBirth, "size", EnrollmentSearch.MAX_PAGE_SIZE)).statusCode(200).body("items", hasSize(3));
        search(with(byBirth, "size", EnrollmentSearch.MAX_PAGE_SIZE + 1)).statusCode(400).contentType(Problem.MEDIA_TYPE);
        search(with(byBirth, "size", 0)).statusCode(400);
        search(with(with(byBirth, "size", EnrollmentSearch.MAX_PAGE_SIZE), "page", EnrollmentSearch.MAX_PAGE)).statusCode(200)
                .body("items", hasSize(0));
        search(with(byBirth, "page", EnrollmentSearch.MAX_PAGE + 1)).statusCode(400).contentType(Problem.MEDIA_TYPE);
        search(with(byBirth, "page", -1)).statusCode(400);
        search(byBirth).statusCode(200).body("size", equalTo(EnrollmentSearch.DEFAULT_PAGE_SIZE));
    }

    @Test
    @TestSecurity(user = AdminApi.ADMIN, roles = Actor.ADMIN)
    @OidcSecurity(claims = {@Claim(key = "sub", value = AdminApi.ADMIN), @Claim(key = "acr", value = "eidas2")})
    void refusesSearchesWithoutAUsableCriterion() {
        search(Map.of()).statusCode(400).contentType(Problem.MEDIA_TYPE).body("errors.field", hasItem("query"));
        search(Map.of("birthName", "SANTONI")).statusCode(400).body("errors.field", hasItem("birthDate"));
        search(Map.of("birthDate", "1970-01-31")).statusCode(400).body("errors.field", hasItem("birthName"));
        search(Map.of("birthName", "SANTONI", "birthDate", "31/01/1970")).statusCode(400).body("errors.field", hasItem("birthDate"));
        search(Map.of("state", "DELETED")).statusCode(400).body("errors.field", hasItem("state"));
        search(Map.of("mobilePhone", "01 23 45 67 89")).statusCode(400).body("errors.field", hasItem("mobilePhone"));
    }

    @Test
    @TestSecurity(user = AdminApi.ADMIN, roles = Actor.ADMIN)
    @OidcSecurity(claims = {@Claim(key = "sub", value = AdminApi.ADMIN), @Claim(key = "acr", value = "eidas2")})
    void showsTheWholeEnrollmentButNoSecretAndAuditsTheRead() {
        UUID id = journeys.verified("adm-view", "LUCIANI", "82000006").enrollmentId();

        AdminApi.get(id, "").statusCode(200)
                .body("id", equalTo(id.toString()))
                .body("ownerSubject", equalTo("adm-view"))
                .body("state", equalTo("VERIFIED"))
                .body("verificationMode", equalTo("POST_OFFICE"))
                .body("identity.documentType", equalTo("PASSPORT"))
                .body("identity.documentNumber", equalTo("18AB12345"))
                .body("identity.birthName", equalTo("LUCIANI"))
                .body("identity.birthDate", equalTo("1970-01-31"))
                .body("identity.birthPlace", equalTo("2A004"))
                .body("identity.address.city", equalTo("Ajaccio"))
                .body("identity.mobilePhone", equalTo("+33682000006"))
                .body("identity.email", equalTo("adm-view@example.fr"))
                .body("activationCode.failedAttempts", equalTo(0))
                .body("activationCode.redeemedAt", nullValue())
                .body("activationCode", not(hasKey("codeHash")))
                .body("activationCode", not(hasKey("lookupHash")))
                .body("retention.endedAt", nullValue())
                .body("retention.erasableFrom", nullValue())
                .body("retention.erasedAt", nullValue());

        var read = AdminApi.last(id);
        assertEquals("admin-view", read.action);
        assertEquals(AdminApi.ADMIN, read.actor);
        assertEquals(read.fromState, read.toState);
    }

    @Test
    @TestSecurity(user = AdminApi.ADMIN, roles = Actor.ADMIN)
    @OidcSecurity(claims = {@Claim(key = "sub", value = AdminApi.ADMIN), @Claim(key = "acr", value = "eidas2")})
    void showsTheAuditTrailOldestFirstThisReadIncluded() {
        UUID id = journeys.verified("adm-trail", "GRIMALDI", "82000007").enrollmentId();

        AdminApi.get(id, "audit-trail").statusCode(200)
                .body("action", equalTo(List.of("start", "phone-verified", "verification-mode-chosen", "identity-verified",
                        "admin-read-audit-trail")))
                .body("[0].actor", equalTo("adm-trail"))
                .body("[0].actorRole", equalTo(Actor.CITIZEN))
                .body("[0].fromState", nullValue())
                .body("[0].toState", equalTo("DRAFT"))
                .body("[3].actor", equalTo("agent-fixture"))
                .body("[3].toState", equalTo("VERIFIED"))
                .body("[4].actor", equalTo(AdminApi.ADMIN))
                .body("[4].actorRole", equalTo(Actor.ADMIN))
                .body("[4].fromState", equalTo("VERIFIED"))
                .body("[4].toState", equalTo("VERIFIED"));
    }

    @Test
    @TestSecurity(user = AdminApi.ADMIN, roles = Actor.ADMIN)
    @OidcSecurity(claims = {@Claim(key = "sub", value = AdminApi.ADMIN), @Claim(key = "acr", value = "eidas2")})
    void exportsTheCitizensDataWithTheAuditTrailButNoStaffIdentifiers() {
        UUID id = journeys.rejected("adm-export", "POLI", "82000008").enrollmentId();

        given().queryParam("reason", "access request 2026-118").get(AdminApi.BASE + "/" + id + "/export").then()
                .statusCode(200)
                .header("Content-Disposition", containsString("enrollment-" + id + ".json"))
                .header("Cache-Control", equalTo("no-store"))
                .body("exportedAt", not(nullValue()))
                .body("enrollment.id", equalTo(id.toString()))
                .body("enrollment.state", equalTo("REJECTED"))
                .body("enrollment.identity.birthName", equalTo("POLI"))
                .body("enrollment.identity.mobilePhone", equalTo("+33682000008"))
                .body("enrollment.retention.endedAt", not(nullValue()))
                .body("enrollment.retention.erasableFrom", not(nullValue()))
                .body("auditTrail.action", equalTo(List.of("start", "phone-verified", "verification-mode-chosen",
                        "identity-rejected", "admin-export")))
                .body("auditTrail[0].actor", equalTo("adm-export"))
                .body("auditTrail[3].actor", nullValue())
                .body("auditTrail[3].actorRole", equalTo(Actor.AGENT))
                .body("auditTrail[3].reason", equalTo("the document photo does not match"))
                .body("auditTrail[4].actor", nullValue())
                .body("auditTrail[4].actorRole", equalTo(Actor.ADMIN))
                .body("auditTrail[4].reason", equalTo("access request 2026-118"));
        assertEquals("admin-export", actionsOf(id).get(actionsOf(id).size() - 1));
        assertEquals(AdminApi.ADMIN, AdminApi.last(id).actor, "the trail itself keeps who exported");
    }

    private static Map<String, Object> with(Map<String, Object> query, String key, Object value) {
        Map<String, Object> copy = new java.util.HashMap<>(query);
        copy.put(key, value);
        return copy;
    }
}
