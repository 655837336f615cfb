package fr.idnum.enrollment.input;

import static fr.idnum.enrollment.input.UntrustedTextTest.assertRefusedNaming;
import static org.hamcrest.Matchers.equalTo;

import java.text.Normalizer;
import java.util.List;
import java.util.Map;

import fr.idnum.enrollment.support.Identities;
import fr.idnum.enrollment.support.PostgresTestDatabase;
import fr.idnum.enrollment.support.RequestTally;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Letters that look like others (docs/security-tests.md, "Look-alike letters"). Names are taken only from the identity
 * rules' alphabet (Latin letters with French accents, {@code DeclaredIdentity.LETTERS}): a Cyrillic, Greek or
 * full-width look-alike is refused with the field named, so "Dupоnt" with a Cyrillic "о" never becomes a second
 * DUPONT. The same name typed in decomposed form (NFD: "E" + a combining accent) is the same text, accepted and
 * stored composed (NFC). An e-mail address is ASCII: a look-alike letter in its domain or local part is refused, an
 * internationalised domain is given in its {@code xn--} form.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestDatabase.class)
class LookAlikeTextTest {

    private static final RequestTally TALLY = new RequestTally();

    @AfterAll
    static void tally() {
        TALLY.write(LookAlikeTextTest.class);
    }

    private static ValidatableResponse start(Map<String, Object> body) {
        return TALLY.given().contentType(ContentType.JSON).body(body).post("/api/v1/enrollments").then();
    }

    @Test
    @TestSecurity(user = "citizen-look-alike-names")
    @OidcSecurity(claims = @Claim(key = "sub", value = "citizen-look-alike-names"))
    void refusesCyrillicGreekAndFullWidthLookAlikesInNamesNamingTheField() {
        assertRefusedNaming(start(Identities.with("birthName", "Dup\u043Ent")), "birthName"); // Cyrillic o
        assertRefusedNaming(start(Identities.with("birthName", "\u0392ERNARD")), "birthName"); // Greek capital beta
        assertRefusedNaming(start(Identities.with("usageName", "\u041C\u0410\u0420\u0422\u0418\u041D")), "usageName"); // МАРТИН
        assertRefusedNaming(start(Identities.with("givenNames", List.of("\u039Carie"))), "givenNames[0].<list element>"); // Greek Mu
        assertRefusedNaming(start(Identities.with("givenNames", List.of("Marie", "\u0410nne"))), "givenNames[1].<list element>");
        assertRefusedNaming(start(Identities.with("givenNames", List.of("\uFF2Darie"))), "givenNames[0].<list element>"); // full-width M
    }

    @Test
    @TestSecurity(user = "citizen-look-alike-email")
    @OidcSecurity(claims = @Claim(key = "sub", value = "citizen-look-alike-email"))
    void refusesLookAlikeLettersInAnEmailAddress() {
        assertRefusedNaming(start(Identities.with("email", "marie.dupont@ex\u0430mple.fr")), "email"); // Cyrillic a
        assertRefusedNaming(start(Identities.with("email", "marie.dupont@impots.g\u03BFuv.fr")), "email"); // Greek omicron
        assertRefusedNaming(start(Identities.with("email", "m\u0430rie.dupont@example.fr")), "email");
        assertRefusedNaming(start(Identities.with("email", "marie.dupont@b\u00FCcher.example")), "email"); // IDN, not in xn-- form
    }

    @Test
    @TestSecurity(user = "citizen-punycode-email")
    @OidcSecurity(claims = @Claim(key = "sub", value = "citizen-punycode-email"))
    void acceptsAnInternationalisedDomainInItsAsciiForm() {
        start(Identities.with("email", "Marie.Dupont@xn--bcher-kva.example")).statusCode(201)
                .body("email", equalTo("marie.dupont@xn--bcher-kva.example"));
    }

    @Test
    @TestSecurity(user = "citizen-decomposed-names")
    @OidcSecurity(claims = @Claim(key = "sub", value = "citizen-decomposed-names"))
    void acceptsNamesTypedInDecomposedFormAndStoresThemComposed() {
        String elise = "E\u0301lise"; // "É" as "E" + U+0301, as macOS and some keyboards send it
        Map<String, Object> body = Identities.with("givenNames", List.of("Marie", elise));
        body.put("birthName", "Lefe\u0300vre");
        body.put("address", Map.of("line1", "12 rue de la Re\u0301publique", "postalCode", "75007", "city", "Paris"));
        start(body).statusCode(201)
                .body("givenNames", equalTo(Normalizer.normalize("Marie " + elise, Normalizer.Form.NFC)))
                .body("givenNames", equalTo("Marie \u00C9lise"))
                .body("birthName", equalTo("LEF\u00C8VRE"));
    }
}
