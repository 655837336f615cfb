package fr.idnum.desk.signin;

import java.io.IOException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.langtag.LangTag;
import com.nimbusds.openid.connect.sdk.AuthenticationErrorResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.ACR;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;

import fr.idnum.demorp.signin.IdTokenCheck;
import fr.idnum.demorp.signin.Level;
import fr.idnum.demorp.signin.OpenIdProvider;
import fr.idnum.demorp.signin.PendingSignIn;
import fr.idnum.demorp.signin.SignInRefused;
import fr.idnum.demorp.signin.SignInRefused.Reason;
import fr.idnum.desk.DeskSettings;

/**
 * The desk's side of a staff sign-in with the realm's {@code idnum-backoffice} client, a public client: code flow
 * with PKCE S256 (the verifier is the only proof the desk has, it holds no secret), state and nonce, always at
 * {@code eidas2} (the level the back-office APIs require; the realm forces it for this client too). The response
 * checks (state, RFC 9207 {@code iss}) and the ID token checks are the demo relying party's ({@link IdTokenCheck}),
 * level included: a token below eidas2 is refused here before the enrollment service would refuse it.
 */
public final class StaffSignIn {

    /** Only what identifies the person: the client's own scopes (acr, amr, the back-office roles) come by default. */
    private static final Scope SCOPE = new Scope("openid");
    private static final Duration PENDING_LIFETIME = Duration.ofMinutes(10);
    private static final JWSAlgorithm ID_TOKEN_ALGORITHM = JWSAlgorithm.RS256;

    private static final LangTag FRENCH;

    static {
        try {
            FRENCH = LangTag.parse("fr");
        } catch (com.nimbusds.langtag.LangTagException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final DeskSettings settings;
    private final OpenIdProvider provider;
    private final Clock clock;
    private final ClientID clientId;

    public StaffSignIn(DeskSettings settings, OpenIdProvider provider, Clock clock) {
        this.settings = settings;
        this.provider = provider;
        this.clock = clock;
        this.clientId = new ClientID(settings.clientId());
    }

    public PendingSignIn begin() {
        return PendingSignIn.start(Level.EIDAS2, clock.instant().plus(PENDING_LIFETIME));
    }

    /** Where to send the browser for {@code pending}. */
    public URI authorizationRequest(PendingSignIn pending) throws IOException {
        return new AuthenticationRequest.Builder(ResponseType.CODE, SCOPE, clientId, settings.redirectUri())
                .endpointURI(provider.metadata().getAuthorizationEndpointURI())
                .state(pending.state())
                .nonce(pending.nonce())
                .codeChallenge(pending.verifier(), CodeChallengeMethod.S256)
                .acrValues(List.of(new ACR(pending.requested().acr())))
                .uiLocales(List.of(FRENCH))
                .build()
                .toURI();
    }

    /** Finishes the sign-in the browser came back from; {@code callback} is the redirect URI with its query. */
    public StaffMember complete(PendingSignIn pending, URI callback) throws SignInRefused, IOException {
        AuthenticationResponse response;
        try {
            response = AuthenticationResponseParser.parse(callback);
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            throw new SignInRefused(Reason.UNKNOWN_REQUEST, "unparseable response", e);
        }
        if (pending == null || !pending.state().equals(response.getState()) || clock.instant().isAfter(pending.expiresAt())) {
            throw new SignInRefused(Reason.UNKNOWN_REQUEST, "no pending sign-in of this browser for this state");
        }
        if (!provider.issuer().equals(response.getIssuer())) {
            throw new SignInRefused(Reason.WRONG_ISSUER, "iss parameter " + response.getIssuer());
        }
        if (!response.indicatesSuccess()) {
            AuthenticationErrorResponse error = response.toErrorResponse();
            throw SignInRefused.byProvider(error.getErrorObject().getCode(), error.getErrorObject().getDescription());
        }
        OIDCTokenResponse tokens = exchange(response.toSuccessResponse().getAuthorizationCode(), pending);
        IDTokenClaimsSet claims = new IdTokenCheck(provider.issuer(), clientId, ID_TOKEN_ALGORITHM, provider.keys())
                .verify(tokens.getOIDCTokens().getIDToken(), pending.nonce(), pending.requested());
        AccessToken accessToken = tokens.getOIDCTokens().getAccessToken();
        Instant expiresAt = clock.instant().plusSeconds(accessToken.getLifetime() > 0 ? accessToken.getLifetime() : 60);
        return new StaffMember(claims.getSubject().getValue(), roles(accessToken), accessToken, expiresAt,
                tokens.getOIDCTokens().getIDToken());
    }

    /** RP-initiated logout, back to the redirect URI (the client's registered post-logout URI) with {@code state}. */
    public URI logoutRequest(StaffMember staff, State state) throws IOException {
        return new LogoutRequest(provider.metadata().getEndSessionEndpointURI(), staff.idToken(), settings.redirectUri(), state)
                .toURI();
    }

    private OIDCTokenResponse exchange(AuthorizationCode code, PendingSignIn pending) throws SignInRefused, IOException {
        TokenRequest request = new TokenRequest(provider.metadata().getTokenEndpointURI(), clientId,
                new AuthorizationCodeGrant(code, settings.redirectUri(), pending.verifier()));
        try {
            TokenResponse response = OIDCTokenResponseParser.parse(request.toHTTPRequest().send());
            if (!response.indicatesSuccess()) {
                throw new SignInRefused(Reason.TOKEN_EXCHANGE, String.valueOf(response.toErrorResponse().getErrorObject().getCode()));
            }
            return (OIDCTokenResponse) response.toSuccessResponse();
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            throw new SignInRefused(Reason.TOKEN_EXCHANGE, "unparseable token response", e);
        }
    }

    /**
     * The realm roles the access token carries, to show each staff member the pages of their job. Read without
     * checking the signature: the token came straight from the token endpoint, and the enrollment service, its
     * audience, checks it on every call; a role wrongly read here only shows a page whose calls are refused.
     */
    static Set<String> roles(AccessToken accessToken) {
        try {
            Map<String, Object> realmAccess = SignedJWT.parse(accessToken.getValue()).getJWTClaimsSet().getJSONObjectClaim("realm_access");
            Object roles = realmAccess == null ? null : realmAccess.get("roles");
            if (roles instanceof List<?> list) {
                return list.stream().map(String::valueOf)
                        .filter(role -> role.equals(StaffMember.AGENT) || role.equals(StaffMember.OPERATOR))
                        .collect(Collectors.toUnmodifiableSet());
            }
            return Set.of();
        } catch (ParseException e) {
            return Set.of();
        }
    }
}
