package fr.idnum.keycloak.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class IdnumWellKnownProviderFactoryTest {

    @Test
    void advertisesOnlyLevelsTheBrowserFlowReaches() {
        Map<String, Integer> map = new LinkedHashMap<>();
        map.put("eidas3", 3);
        map.put("eidas1", 1);
        map.put("eidas2", 2);
        assertEquals(List.of("eidas1", "eidas2"), IdnumWellKnownProviderFactory.reachable(map, 2));
        assertEquals(List.of(), IdnumWellKnownProviderFactory.reachable(map, 0));
    }

    @Test
    void addsTheIdentityClaimsAndDropsTheNameWeNeverIssue() {
        List<String> claims = IdnumWellKnownProviderFactory.withIdentityClaims(List.of("iss", "sub", "name", "given_name"));
        assertTrue(claims.containsAll(List.of("iss", "sub", "birthplace", "birthcountry", "gender", "amr")));
        assertFalse(claims.contains("name"));
        assertEquals(claims.size(), claims.stream().distinct().count());
    }
}
