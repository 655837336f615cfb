package fr.idnum.desk.signin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import org.junit.jupiter.api.Test;

class StaffSignInTest {

    @Test
    void onlyTheBackOfficeRolesOfTheTokenAreKept() throws Exception {
        assertEquals(Set.of(StaffMember.AGENT), StaffSignIn.roles(token(Map.of("roles", List.of("identity-verifier", "offline_access")))));
        assertEquals(Set.of(StaffMember.AGENT, StaffMember.OPERATOR),
                StaffSignIn.roles(token(Map.of("roles", List.of("enrollment-admin", "identity-verifier")))));
    }

    @Test
    void aTokenWithoutRolesOrNotAJwtGivesNone() throws Exception {
        assertEquals(Set.of(), StaffSignIn.roles(token(null)));
        assertEquals(Set.of(), StaffSignIn.roles(new BearerAccessToken("opaque")));
    }

    private static BearerAccessToken token(Map<String, Object> realmAccess) throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject("staff-1");
        if (realmAccess != null) {
            claims.claim("realm_access", realmAccess);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        jwt.sign(new MACSigner(new byte[32]));
        return new BearerAccessToken(jwt.serialize());
    }
}
