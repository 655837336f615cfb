package fr.idnum.keycloak.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class BirthplaceClaimTest {

    @Test
    void bornInFranceGivesTheCommuneCode() {
        assertEquals(Optional.of("75107"), BirthplaceClaim.value("99100", "75107"));
        assertEquals(Optional.of("2A004"), BirthplaceClaim.value("99100", "2A004"));
    }

    @Test
    void bornAbroadGivesAnEmptyString() {
        assertEquals(Optional.of(""), BirthplaceClaim.value("99134", "75107"));
        assertEquals(Optional.of(""), BirthplaceClaim.value("99134", null));
    }

    @Test
    void unknownOrMalformedBirthCountryGivesNoClaim() {
        assertEquals(Optional.empty(), BirthplaceClaim.value(null, "75107"));
        assertEquals(Optional.empty(), BirthplaceClaim.value("France", "75107"));
        assertEquals(Optional.empty(), BirthplaceClaim.value("100", "75107"));
    }

    @Test
    void bornInFranceWithoutValidCommuneGivesNoClaim() {
        assertEquals(Optional.empty(), BirthplaceClaim.value("99100", null));
        assertEquals(Optional.empty(), BirthplaceClaim.value("99100", "2C004"));
        assertEquals(Optional.empty(), BirthplaceClaim.value("99100", "7510"));
    }
}
