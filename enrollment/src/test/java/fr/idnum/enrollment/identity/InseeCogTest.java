package fr.idnum.enrollment.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Real codes of the COG resources shipped in src/main/resources/reference (see docs/reference-data.md). */
class InseeCogTest {

    private final InseeCog cog = new InseeCog();

    @Test
    void parisArrondissementIsKnown() {
        assertTrue(cog.isKnownCommune("75107"));
        assertEquals(Optional.of("Paris 7e Arrondissement"), cog.communeName("75107"));
        assertEquals("arrondissement-municipal", cog.commune("75107").orElseThrow().type());
        assertTrue(cog.isKnownCommune("75056"), "Paris as a whole");
    }

    @Test
    void lyonAndMarseilleArrondissementsAreKnown() {
        assertEquals(Optional.of("Lyon 3e Arrondissement"), cog.communeName("69383"));
        assertEquals(Optional.of("Marseille 1er Arrondissement"), cog.communeName("13201"));
    }

    @Test
    void corsicanCommuneIsKnown() {
        assertTrue(cog.isKnownCommune("2A004"));
        assertEquals(Optional.of("Ajaccio"), cog.communeName("2A004"));
        assertTrue(cog.commune("2A004").orElseThrow().current());
    }

    @Test
    void overseasCommuneIsKnown() {
        assertTrue(cog.isKnownCommune("97411"));
        assertEquals(Optional.of("Saint-Denis"), cog.communeName("97411"));
        assertEquals(Optional.of("Nouméa"), cog.communeName("98818"));
    }

    @Test
    void communeMergedLongAgoIsKnownButNotCurrent() {
        // Coupy (Ain) was merged into Bellegarde-sur-Valserine in 1966 ("fusion simple", INSEE history since 1943).
        InseeCog.Commune coupy = cog.commune("01126").orElseThrow();
        assertEquals("Coupy", coupy.name());
        assertEquals("commune-historique", coupy.type());
        assertFalse(coupy.current());
    }

    @Test
    void communeMergedRecentlyIsKnownButNotCurrent() {
        // Berzy-le-Sec (Aisne) is in the COG 2021 and was merged into Bernoy-le-Château (02564) since.
        InseeCog.Commune berzy = cog.commune("02077").orElseThrow();
        assertEquals("Berzy-le-Sec", berzy.name());
        assertFalse(berzy.current());
    }

    @Test
    void codesFromBeforeADepartmentChangeAreKnown() {
        assertEquals(Optional.of("Ajaccio"), cog.communeName("20004"), "Corsica was one department (20) before 1976");
        assertEquals(Optional.of("Neuilly-sur-Seine"), cog.communeName("75051"), "Seine department before 1968");
        assertFalse(cog.commune("20004").orElseThrow().current());
    }

    @Test
    void delegatedCommuneIsKnownAndCurrent() {
        // Saint-Bois became a delegated commune of Arboys en Bugey (01015) in 2016: its code is still in the COG.
        InseeCog.Commune saintBois = cog.commune("01340").orElseThrow();
        assertEquals("Saint-Bois", saintBois.name());
        assertEquals("commune-deleguee", saintBois.type());
        assertTrue(saintBois.current());
    }

    @Test
    void countriesAreKnown() {
        assertTrue(cog.isKnownCountry(InseeCog.FRANCE));
        assertEquals("99100", InseeCog.FRANCE);
        assertEquals(Optional.of("France"), cog.countryName("99100"));
        assertEquals(Optional.of("Espagne"), cog.countryName("99134"));
        assertEquals(Optional.of("Allemagne"), cog.countryName("99109"));
        assertEquals(Optional.of("ES"), cog.country("99134").orElseThrow().iso2());
        assertEquals(Optional.of("DE"), cog.country("99109").orElseThrow().iso2());
    }

    @Test
    void theCountryListIsInseesCompleteOneWithFormerStatesAndTerritories() {
        assertEquals(255, cog.countryCount());
        assertEquals(Optional.of("Monténégro"), cog.countryName("99120"));
        assertEquals(Optional.of("Kosovo"), cog.countryName("99157"));
        InseeCog.Country kosovo = cog.country("99157").orElseThrow();
        assertTrue(kosovo.inUse());
        assertEquals(Optional.empty(), kosovo.iso2(), "Kosovo has no ISO 3166-1 code");
        // A former state: a birth country of older citizens, never a nationality today.
        InseeCog.Country czechoslovakia = cog.country("99115").orElseThrow();
        assertEquals("Tchécoslovaquie", czechoslovakia.name());
        assertFalse(czechoslovakia.inUse());
        assertTrue(cog.isKnownCountry("99115"));
        assertFalse(cog.isCountryInUse("99115"));
        assertTrue(cog.isCountryInUse("99120"));
        assertFalse(cog.isCountryInUse("99999"));
        assertFalse(cog.isCountryInUse(null));
        // A territory names the state it belongs to; a quoted name with a comma is read whole.
        InseeCog.Country bonaire = cog.country("99443").orElseThrow();
        assertEquals("Bonaire, Saint-Eustache, Saba", bonaire.name());
        assertEquals(Optional.of("99135"), bonaire.parentCode());
        assertEquals(Optional.of("BES"), bonaire.iso3());
        assertEquals(229, cog.countries().stream().filter(InseeCog.Country::inUse).count());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"00000", "99999", "ABCDE", "2a004", " 75107", "75107 ", "7510"})
    void unknownCommunes(String code) {
        assertFalse(cog.isKnownCommune(code));
        assertEquals(Optional.empty(), cog.communeName(code));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"00000", "99999", "ABCDE", "100", "75107", "99100 "})
    void unknownCountries(String code) {
        assertFalse(cog.isKnownCountry(code));
        assertEquals(Optional.empty(), cog.countryName(code));
    }

    @Test
    void tablesAreComplete() {
        assertTrue(cog.communeCount() > 39_000, "current + delegated + associated + arrondissements + historical");
        assertTrue(cog.countryCount() >= 255);
        // A country code is never a commune code and the other way round.
        for (String code : List.of("99100", "99134", "99109")) {
            assertFalse(cog.isKnownCommune(code));
        }
    }

    @Test
    void csvQuotedFieldsAreParsed() {
        assertEquals(List.of("99116", "Tchèque, République", ""),
                InseeCog.parse("99116,\"Tchèque, République\",", "test", 1));
        assertEquals(List.of("a\"b", "c"), InseeCog.parse("\"a\"\"b\",c", "test", 1));
    }
}
