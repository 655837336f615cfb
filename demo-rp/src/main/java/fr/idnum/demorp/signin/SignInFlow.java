package fr.idnum.demorp.signin;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.langtag.LangTag;
import com.nimbusds.langtag.LangTagException;
import com.nimbusds.openid.connect.sdk.AuthenticationErrorResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.ACR;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;

import fr.idnum.demorp.Settings;
import fr.idnum.demorp.signin.SignInRefused.Reason;

/**
 * The service's side of an OpenID Connect sign-in with the realm's {@code mon-compte-formation} client:
 * the authorization request (code flow, PKCE S256, state, nonce, {@code acr_values}), then, on the browser's
 * return, the response checks (state, RFC 9207 {@code iss}), the code exchange with client_secret_basic, the
 * ID token checks and the userinfo call; and the RP-initiated logout request.
 */
public final class SignInFlow {

    /** What the demo asks for: the identity a training account needs (docs/relying-party-guide.md, scopes). */
    public static final Scope SCOPE = new Scope("openid", "profile", "email", "birth");
    /** The login pages' interaction lifetime in the realm (accessCodeLifespanLogin): a later return is stale. */
    private static final Duration PENDING_LIFETIME = Duration.ofMinutes(10);
    /** As registered for this client (id.token.signed.response.alg); the ID token is not encrypted. */
    private static final JWSAlgorithm ID_TOKEN_ALGORITHM = JWSAlgorithm.RS256;

    private final Settings settings;
    private final OpenIdProvider provider;
    private final Clock clock;
    private final ClientID clientId;

    public SignInFlow(Settings settings, OpenIdProvider provider, Clock clock) {
        this.settings = settings;
        this.provider = provider;
        this.clock = clock;
        this.clientId = new ClientID(settings.clientId());
    }

    public PendingSignIn begin(Level requested) {
        return PendingSignIn.start(requested, clock.instant().plus(PENDING_LIFETIME));
    }

    /** Where to send the browser for {@code pending}. */
    public URI authorizationRequest(PendingSignIn pending, Locale locale) throws IOException {
        return new AuthenticationRequest.Builder(ResponseType.CODE, SCOPE, clientId, settings.redirectUri())
                .endpointURI(provider.metadata().getAuthorizationEndpointURI())
                .state(pending.state())
                .nonce(pending.nonce())
                .codeChallenge(pending.verifier(), CodeChallengeMethod.S256)
                .acrValues(java.util.List.of(new ACR(pending.requested().acr())))
                .uiLocales(java.util.List.of(langTag(locale)))
                .build()
                .toURI();
    }

    /**
     * Finishes the sign-in the browser came back from; {@code callback} is the redirect URI as the browser
     * requested it, with its query.
     */
    public SignedIn complete(PendingSignIn pending, URI callback) throws SignInRefused, IOException {
        AuthenticationResponse response;
        try {
            response = AuthenticationResponseParser.parse(callback);
        } catch (ParseException e) {
            throw new SignInRefused(Reason.UNKNOWN_REQUEST, "unparseable response", e);
        }
        if (pending == null || !pending.state().equals(response.getState())
                || clock.instant().isAfter(pending.expiresAt())) {
            throw new SignInRefused(Reason.UNKNOWN_REQUEST, "no pending sign-in of this browser for this state");
        }
        if (!provider.issuer().equals(response.getIssuer())) {
            // The realm advertises authorization_response_iss_parameter_supported: a response without it is refused too.
            throw new SignInRefused(Reason.WRONG_ISSUER, "iss parameter " + response.getIssuer());
        }
        if (!response.indicatesSuccess()) {
            AuthenticationErrorResponse error = response.toErrorResponse();
            throw SignInRefused.byProvider(error.getErrorObject().getCode(), error.getErrorObject().getDescription());
        }
        AuthorizationCode code = response.toSuccessResponse().getAuthorizationCode();
        OIDCTokenResponse tokens = exchange(code, pending);
        IdTokenCheck check = new IdTokenCheck(provider.issuer(), clientId, ID_TOKEN_ALGORITHM, provider.keys());
        IDTokenClaimsSet claims = check.verify(tokens.getOIDCTokens().getIDToken(), pending.nonce(), pending.requested());
        Map<String, Object> userInfo = userInfo(tokens.getOIDCTokens().getAccessToken(), claims);
        return new SignedIn(tokens.getOIDCTokens().getIDToken(), claims, userInfo, pending.requested());
    }

    /** RP-initiated logout: back to the registered post-logout URI with {@code state}, no confirmation page. */
    public URI logoutRequest(SignedIn signedIn, State state) throws IOException {
        return new LogoutRequest(provider.metadata().getEndSessionEndpointURI(), signedIn.idToken(),
                settings.postLogoutRedirect(), state).toURI();
    }

    private OIDCTokenResponse exchange(AuthorizationCode code, PendingSignIn pending) throws SignInRefused, IOException {
        TokenRequest request = new TokenRequest(provider.metadata().getTokenEndpointURI(),
                new ClientSecretBasic(clientId, new Secret(settings.clientSecret())),
                new AuthorizationCodeGrant(code, settings.redirectUri(), pending.verifier()));
        try {
            TokenResponse response = OIDCTokenResponseParser.parse(request.toHTTPRequest().send());
            if (!response.indicatesSuccess()) {
                throw new SignInRefused(Reason.TOKEN_EXCHANGE,
                        String.valueOf(response.toErrorResponse().getErrorObject().getCode()));
            }
            return (OIDCTokenResponse) response.toSuccessResponse();
        } catch (ParseException e) {
            throw new SignInRefused(Reason.TOKEN_EXCHANGE, "unparseable token response", e);
        }
    }

    /** Userinfo, called right away (the access token lives 60 s); its subject must be the ID token's. */
    private Map<String, Object> userInfo(AccessToken accessToken, IDTokenClaimsSet claims) throws SignInRefused, IOException {
        try {
            UserInfoResponse response = UserInfoResponse.parse(
                    new UserInfoRequest(provider.metadata().getUserInfoEndpointURI(), accessToken).toHTTPRequest().send());
            if (!response.indicatesSuccess()) {
                throw new SignInRefused(Reason.USERINFO, "HTTP error " + response.toErrorResponse().getErrorObject().getHTTPStatusCode());
            }
            var userInfo = response.toSuccessResponse().getUserInfo();
            if (userInfo == null) {
                throw new SignInRefused(Reason.USERINFO, "a JWT where this client is registered for JSON");
            }
            if (!claims.getSubject().equals(userInfo.getSubject())) {
                throw new SignInRefused(Reason.USERINFO, "subject differs from the ID token's");
            }
            return userInfo.toJSONObject();
        } catch (ParseException e) {
            throw new SignInRefused(Reason.USERINFO, "unparseable userinfo response", e);
        }
    }

    private static LangTag langTag(Locale locale) {
        try {
            return LangTag.parse(locale.getLanguage());
        } catch (LangTagException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
