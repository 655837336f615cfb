package fr.idnum.enrollment.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import fr.idnum.enrollment.support.PostgresTestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** The country list the phone app's pickers show: the identity rules' own table, public, with French names. */
@QuarkusTest
@QuarkusTestResource(PostgresTestDatabase.class)
class CountryListTest {

    private static final String PATH = "/api/v1/reference/countries";

    @Test
    void listsEveryInseeCountryCodeWithItsFrenchNameWithoutAToken() {
        given().get(PATH).then().statusCode(200).contentType(ContentType.JSON)
                .header("Cache-Control", containsString("max-age=86400"))
                .body("$", hasSize(new InseeCog().countryCount()))
                .body("find { it.code == '99100' }.name", equalTo("France"))
                .body("find { it.code == '99100' }.inUse", equalTo(true))
                .body("find { it.code == '99115' }.name", equalTo("Tchécoslovaquie"))
                .body("find { it.code == '99115' }.inUse", equalTo(false));
    }

    @Test
    void aClientThatTakesNoJsonIsToldSo() {
        given().header("Accept", "text/html").get(PATH).then().statusCode(406);
    }

    @Test
    void namesAreSortedAsAFrenchReaderExpectsAccentsBesideTheirLetter() {
        List<String> names = given().get(PATH).then().statusCode(200).extract().jsonPath().getList("name", String.class);
        assertEquals("Afghanistan", names.get(0));
        // « Égypte » among the E, not after « Zimbabwe » as a byte order would put it.
        assertTrue(names.indexOf("Égypte") < names.indexOf("Espagne"), "Égypte before Espagne: " + names);
        assertTrue(names.indexOf("Espagne") < names.indexOf("Éthiopie"), "Espagne before Éthiopie: " + names);
    }

    @Test
    void everyCodeTheListShowsIsOneTheIdentityRulesAccept() {
        InseeCog cog = new InseeCog();
        List<String> codes = given().get(PATH).then().statusCode(200).extract().jsonPath().getList("code", String.class);
        assertTrue(codes.stream().allMatch(cog::isKnownCountry), codes.toString());
        List<Boolean> inUse = given().get(PATH).then().extract().jsonPath().getList("inUse", Boolean.class);
        for (int i = 0; i < codes.size(); i++) {
            assertEquals(cog.isCountryInUse(codes.get(i)), inUse.get(i), codes.get(i));
        }
    }
}
