package fr.idnum.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWEDecryptionKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCClaimsRequest;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.Prompt;
import com.nimbusds.openid.connect.sdk.claims.ACR;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;

/**
 * A relying party written the way an integrator would write one, with nimbus oauth2-oidc-sdk: discovery,
 * authorization code (+ PKCE), token exchange and ID token validation against the published JWKS.
 */
public final class RelyingParty {

    private static OIDCProviderMetadata metadata;

    private final ClientID clientId;
    private final Secret secret;
    private final URI redirectUri;
    private final boolean secretInBody;

    private RelyingParty(String clientId, String secret, String redirectUri, boolean secretInBody) {
        this.clientId = new ClientID(clientId);
        this.secret = new Secret(secret);
        this.redirectUri = URI.create(redirectUri);
        this.secretInBody = secretInBody;
    }

    /** The demo relying party: client_secret_basic, PKCE S256. */
    public static RelyingParty monCompteFormation() {
        return new RelyingParty(TestEnvironment.MCF_CLIENT_ID, TestEnvironment.MCF_SECRET, TestEnvironment.MCF_REDIRECT_URI, false);
    }

    /** The FranceConnect+-like hub: client_secret_post, no PKCE, encrypted tokens. */
    public static RelyingParty hub() {
        return new RelyingParty(TestEnvironment.HUB_CLIENT_ID, TestEnvironment.HUB_SECRET, TestEnvironment.HUB_REDIRECT_URI, true);
    }

    public static synchronized OIDCProviderMetadata metadata() {
        if (metadata == null) {
            try {
                metadata = OIDCProviderMetadata.resolve(new Issuer(TestEnvironment.ISSUER));
            } catch (Exception e) {
                throw new IllegalStateException("Discovery failed", e);
            }
        }
        return metadata;
    }

    public ClientID clientId() {
        return clientId;
    }

    public URI redirectUri() {
        return redirectUri;
    }

    public AuthorizationAttempt authorize(String scope) {
        return new AuthorizationAttempt(scope);
    }

    /** One authorization request and the values the RP keeps to check its outcome. */
    public final class AuthorizationAttempt {
        private final AuthenticationRequest.Builder builder;
        public final State state = new State();
        public final Nonce nonce = new Nonce();
        public final CodeVerifier verifier = new CodeVerifier();
        private boolean pkce = true;

        private AuthorizationAttempt(String scope) {
            builder = new AuthenticationRequest.Builder(ResponseType.CODE, Scope.parse(scope), clientId, redirectUri)
                    .endpointURI(metadata().getAuthorizationEndpointURI())
                    .state(state)
                    .nonce(nonce);
        }

        public AuthorizationAttempt acrValues(String... acr) {
            builder.acrValues(java.util.Arrays.stream(acr).map(ACR::new).toList());
            return this;
        }

        public AuthorizationAttempt claims(String claimsJson) {
            try {
                builder.claims(OIDCClaimsRequest.parse(claimsJson));
            } catch (ParseException e) {
                throw new IllegalArgumentException(e);
            }
            return this;
        }

        public AuthorizationAttempt promptLogin() {
            builder.prompt(new Prompt(Prompt.Type.LOGIN));
            return this;
        }

        public AuthorizationAttempt withoutPkce() {
            pkce = false;
            return this;
        }

        public URI uri() {
            if (pkce) {
                builder.codeChallenge(verifier, CodeChallengeMethod.S256);
            }
            return builder.build().toURI();
        }

        public HTTPResponse exchange(String code) {
            return RelyingParty.this.exchange(code, pkce ? verifier : null);
        }
    }

    public HTTPResponse exchange(String code, CodeVerifier verifier) {
        ClientAuthentication auth = secretInBody ? new ClientSecretPost(clientId, secret) : new ClientSecretBasic(clientId, secret);
        TokenRequest request = new TokenRequest(metadata().getTokenEndpointURI(), auth,
                new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri, verifier));
        try {
            return request.toHTTPRequest().send();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static OIDCTokenResponse tokens(HTTPResponse response) {
        try {
            TokenResponse parsed = OIDCTokenResponseParser.parse(response);
            if (!parsed.indicatesSuccess()) {
                throw new AssertionError("Token request failed: " + parsed.toErrorResponse().getErrorObject().toJSONObject());
            }
            return (OIDCTokenResponse) parsed.toSuccessResponse();
        } catch (ParseException e) {
            throw new AssertionError("Unparseable token response: " + response.getBody(), e);
        }
    }

    /** Validates a signed ID token: signature against the realm's JWKS, iss, aud, exp, iat, nonce. */
    public IDTokenClaimsSet validateSigned(JWT idToken, JWSAlgorithm alg, Nonce nonce) {
        try {
            return new IDTokenValidator(new Issuer(TestEnvironment.ISSUER), clientId, alg, jwksUrl()).validate(idToken, nonce);
        } catch (BadJOSEException | JOSEException e) {
            throw new AssertionError("Invalid ID token: " + e.getMessage(), e);
        }
    }

    /** Validates a signed-then-encrypted ID token with the RP's own decryption key. */
    public IDTokenClaimsSet validateEncrypted(JWT idToken, JWSAlgorithm alg, JWEAlgorithm jweAlg, EncryptionMethod enc,
                                            JWK decryptionKey, Nonce nonce) {
        var jwsSelector = new JWSVerificationKeySelector<SecurityContext>(alg,
                JWKSourceBuilder.create(jwksUrl()).retrying(false).build());
        var jweSelector = new JWEDecryptionKeySelector<SecurityContext>(jweAlg, enc,
                new ImmutableJWKSet<>(new JWKSet(decryptionKey)));
        try {
            return new IDTokenValidator(new Issuer(TestEnvironment.ISSUER), clientId, jwsSelector, jweSelector)
                    .validate(idToken, nonce);
        } catch (BadJOSEException | JOSEException e) {
            throw new AssertionError("Invalid encrypted ID token: " + e.getMessage(), e);
        }
    }

    public static URL jwksUrl() {
        try {
            return metadata().getJWKSetURI().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, Object> claims(IDTokenClaimsSet claims) {
        return claims.toJSONObject();
    }

    public static List<String> stringList(Object value) {
        @SuppressWarnings("unchecked")
        List<String> list = (List<String>) value;
        return list;
    }
}
