package fr.idnum.keycloak.enrollment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.keycloak.representations.AccessToken;

class ServiceAccountTokenTest {

    private static final Instant NOW = Instant.parse("2026-12-03T09:00:00Z");
    private static final String ISSUER = "https://connexion.idnum.example.fr/realms/idnum";

    private static ServiceAccountToken.Grant grant(Duration lifespan) {
        return new ServiceAccountToken.Grant(ISSUER, "7d1c0e5e-account", "idnum-keycloak", List.of("idnum-enrollment", "idnum-enrollment"),
                Set.of("push-sender", "activation-redeemer"), Map.of("idnum-enrollment", Set.of("reader")), NOW, lifespan);
    }

    @Test
    void carriesWhatAClientCredentialsGrantOfTheServiceClientWould() {
        AccessToken token = ServiceAccountToken.of(grant(Duration.ofSeconds(60)));

        assertEquals(ISSUER, token.getIssuer());
        assertEquals("7d1c0e5e-account", token.getSubject());
        assertEquals("idnum-keycloak", token.getIssuedFor());
        assertEquals("Bearer", token.getType());
        assertArrayEquals(new String[] {"idnum-enrollment"}, token.getAudience(), "each audience once");
        assertEquals(Set.of("push-sender", "activation-redeemer"), token.getRealmAccess().getRoles());
        assertEquals(Set.of("reader"), token.getResourceAccess("idnum-enrollment").getRoles());
        assertEquals(NOW.getEpochSecond(), token.getIat());
        assertEquals(NOW.plusSeconds(60).getEpochSecond(), token.getExp());
    }

    @Test
    void eachTokenHasItsOwnId() {
        assertNotEquals(ServiceAccountToken.of(grant(Duration.ofSeconds(60))).getId(),
                ServiceAccountToken.of(grant(Duration.ofSeconds(60))).getId());
    }

    @Test
    void noRolesMeansNoRoleClaims() {
        AccessToken token = ServiceAccountToken.of(new ServiceAccountToken.Grant(ISSUER, "s", "c", List.of(), Set.of(), Map.of(),
                NOW, Duration.ofSeconds(60)));
        assertNull(token.getRealmAccess());
        assertEquals(Map.of(), token.getResourceAccess());
        assertNull(token.getAudience());
    }

    @Test
    void aLifespanThatIsNotPositiveIsRefused() {
        assertThrows(TokenUnavailable.class, () -> ServiceAccountToken.of(grant(Duration.ZERO)));
        assertThrows(TokenUnavailable.class, () -> ServiceAccountToken.of(grant(Duration.ofSeconds(-1))));
    }

    @Test
    void theRealmIsTheLastSegmentOfTheIssuer() {
        assertEquals("idnum", ServiceAccountToken.realmOf("http://localhost:8080/realms/idnum"));
        assertEquals("idnum", ServiceAccountToken.realmOf("https://idp.example.fr/auth/realms/idnum"));
    }

    @Test
    void anIssuerThatIsNotARealmsIsRefused() {
        for (String issuer : new String[] {null, "", " ", "localhost:8080/realms/idnum", "/realms/idnum",
                "http://localhost:8080/realms/", "http://localhost:8080/realms/idnum/", "http://localhost:8080/realms/idnum/protocol/openid-connect/token",
                "http://localhost:8080/idnum", "ftp://localhost/realms/idnum", "http://localhost:8080/realms/idnum?x=1",
                "http://localhost:8080/realms/idnum#x"}) {
            assertThrows(IllegalArgumentException.class, () -> ServiceAccountToken.realmOf(issuer), String.valueOf(issuer));
        }
    }
}
