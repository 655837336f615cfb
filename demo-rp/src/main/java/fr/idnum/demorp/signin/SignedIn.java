package fr.idnum.demorp.signin;

import java.util.Map;

import com.nimbusds.jwt.JWT;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;

/**
 * A citizen signed in to the service: the ID token as received (the logout's {@code id_token_hint}), its
 * verified claims, the userinfo answer (empty when the call was not possible), and the level asked for.
 */
public record SignedIn(JWT idToken, IDTokenClaimsSet claims, Map<String, Object> userInfo, Level requested) {

    public String acr() {
        return claims.getACR() == null ? "" : claims.getACR().getValue();
    }
}
