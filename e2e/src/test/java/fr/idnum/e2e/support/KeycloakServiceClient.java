package fr.idnum.e2e.support;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Keycloak's own service client ({@code idnum-keycloak}) as the tests use it to call the enrollment service's internal
 * API with Keycloak's identity. Keycloak itself makes that client's tokens in-process, and the realm gives the client
 * no credential at all (signed-JWT authentication with no key). To get one of its tokens over HTTP, the tests do what
 * an operator with realm-admin rights could: switch the client to a secret for one grant, then back.
 */
public final class KeycloakServiceClient {

    private KeycloakServiceClient() {
    }

    /** An access token of the client (client credentials grant at the realm's token endpoint). */
    public static String token(ManagedRealm realm) throws Exception {
        ClientResource client = client(realm);
        ClientRepresentation representation = client.toRepresentation();
        String authenticator = representation.getClientAuthenticatorType();
        representation.setClientAuthenticatorType("client-secret");
        client.update(representation);
        try {
            TokenResponse response = grant(client.generateNewSecret().getValue());
            if (!response.indicatesSuccess()) {
                throw new AssertionError("Client credentials refused: " + response.toErrorResponse().getErrorObject().toJSONObject());
            }
            return ((AccessTokenResponse) response).getTokens().getAccessToken().getValue();
        } finally {
            representation.setClientAuthenticatorType(authenticator);
            client.update(representation);
            client.generateNewSecret();
        }
    }

    /** A client credentials grant of the client with this secret, as it comes back. */
    public static TokenResponse grant(String secret) throws Exception {
        TokenRequest request = new TokenRequest(RelyingParty.metadata().getTokenEndpointURI(),
                new ClientSecretBasic(new ClientID(TestEnvironment.KEYCLOAK_SERVICE_CLIENT_ID), new Secret(secret)),
                new ClientCredentialsGrant());
        return TokenResponse.parse(request.toHTTPRequest().send());
    }

    /** The client at the admin API. */
    public static ClientResource client(ManagedRealm realm) {
        return realm.admin().clients().get(realm.admin().clients().findByClientId(TestEnvironment.KEYCLOAK_SERVICE_CLIENT_ID).get(0).getId());
    }
}
