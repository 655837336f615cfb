package fr.idnum.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Objects;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import fr.idnum.e2e.support.IdnumRealmConfig;
import fr.idnum.e2e.support.IdnumServerConfig;
import fr.idnum.e2e.support.RelyingParty;
import fr.idnum.e2e.support.TestEnvironment;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.injection.LifeCycle;
import org.keycloak.testframework.realm.ManagedRealm;

/** What a relying party's integrator reads first: the OpenID Provider metadata and the JWKS. */
@KeycloakIntegrationTest(config = IdnumServerConfig.class)
class DiscoveryIT {

    @InjectRealm(config = IdnumRealmConfig.class, lifecycle = LifeCycle.GLOBAL)
    ManagedRealm realm;

    @Test
    void announcesOnlyTheLevelsOfAssuranceWeCanReach() {
        OIDCProviderMetadata metadata = RelyingParty.metadata();
        assertEquals(TestEnvironment.ISSUER, metadata.getIssuer().getValue());
        List<String> acr = metadata.getACRs().stream().map(Object::toString).toList();
        assertEquals(List.of("eidas1", "eidas2"), acr, "eidas3 cannot be met and must not be advertised");
        assertTrue(metadata.supportsClaimsParam());
    }

    @Test
    void announcesSigningAndEncryptionAlgorithmsTheHubNeeds() {
        OIDCProviderMetadata metadata = RelyingParty.metadata();
        assertTrue(metadata.getIDTokenJWSAlgs().containsAll(List.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256)));
        assertTrue(metadata.getUserInfoJWSAlgs().containsAll(List.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256)));
        assertTrue(metadata.getIDTokenJWEAlgs().containsAll(List.of(JWEAlgorithm.RSA_OAEP, JWEAlgorithm.RSA_OAEP_256, JWEAlgorithm.ECDH_ES)));
        assertTrue(metadata.getUserInfoJWEAlgs().containsAll(List.of(JWEAlgorithm.RSA_OAEP, JWEAlgorithm.RSA_OAEP_256)));
        assertTrue(metadata.getIDTokenJWEEncs().contains(EncryptionMethod.A256GCM));
        assertTrue(metadata.getUserInfoJWEEncs().contains(EncryptionMethod.A256GCM));
    }

    @Test
    void announcesTheIdentityClaimsAndScopes() {
        OIDCProviderMetadata metadata = RelyingParty.metadata();
        assertTrue(metadata.getClaims().containsAll(List.of("sub", "acr", "amr", "given_name", "family_name",
                "preferred_username", "birthdate", "gender", "birthplace", "birthcountry", "email")),
                "claims_supported: " + metadata.getClaims());
        List<String> scopes = metadata.getScopes().toStringList();
        assertTrue(scopes.containsAll(List.of("openid", "profile", "email", "birthplace", "birthcountry",
                "preferred_username", "identite_pivot", "birth", "given_name", "family_name", "birthdate", "gender")),
                "scopes_supported: " + scopes);
    }

    @Test
    void announcesCodeFlowPkceClientAuthenticationLogoutAndRevocation() {
        OIDCProviderMetadata metadata = RelyingParty.metadata();
        assertTrue(metadata.getResponseTypes().contains(ResponseType.CODE));
        assertTrue(metadata.getGrantTypes().contains(GrantType.AUTHORIZATION_CODE));
        assertTrue(metadata.getCodeChallengeMethods().contains(CodeChallengeMethod.S256));
        assertTrue(metadata.getTokenEndpointAuthMethods().containsAll(List.of(ClientAuthenticationMethod.CLIENT_SECRET_POST,
                ClientAuthenticationMethod.CLIENT_SECRET_BASIC, ClientAuthenticationMethod.PRIVATE_KEY_JWT)));
        assertNotNull(metadata.getEndSessionEndpointURI());
        assertNotNull(metadata.getRevocationEndpointURI());
        assertNotNull(metadata.getUserInfoEndpointURI());
    }

    @Test
    void publishesEs256AndRs256SigningKeys() throws Exception {
        JWKSet jwks = JWKSet.load(RelyingParty.jwksUrl());
        List<String> signingAlgs = jwks.getKeys().stream()
                .filter(k -> KeyUse.SIGNATURE.equals(k.getKeyUse()))
                .map(JWK::getAlgorithm).filter(Objects::nonNull).map(Object::toString).toList();
        assertTrue(signingAlgs.containsAll(List.of("ES256", "RS256")), "signing keys: " + signingAlgs);
        assertFalse(jwks.getKeys().stream().anyMatch(JWK::isPrivate), "the JWKS must hold public keys only");
    }
}
