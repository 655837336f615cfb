package fr.idnum.simulator.login;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.nimbusds.jose.util.Base64URL;
import org.jsoup.nodes.Element;

import fr.idnum.simulator.http.Http;
import fr.idnum.simulator.http.HttpReply;
import fr.idnum.simulator.realm.Realm;

/**
 * The app's OpenID Connect login: public client {@value #CLIENT_ID}, authorization code with PKCE (S256) and
 * {@code state}, Keycloak's own pages in a browser tab (identifier, then password), the code taken from the
 * redirect to the app's private-use URI scheme and exchanged at the token endpoint. Nothing but what a real
 * app sees: the discovery document, the pages and the redirect.
 */
public final class AppLogin {

    public static final String CLIENT_ID = "idnum-app";
    public static final URI REDIRECT_URI = URI.create("fr.idnum.app:/oauth2redirect");
    public static final String SCOPE = "openid";
    /** The login form of our theme, the same on the identifier and the password page. */
    public static final String LOGIN_FORM = "#kc-form-login";

    private final Realm realm;
    private final Http http;
    private final Clock clock;
    private final SecureRandom random;

    public AppLogin(Realm realm, Http http, Clock clock, SecureRandom random) {
        this.realm = realm;
        this.http = http;
        this.clock = clock;
        this.random = random;
    }

    /** Logs in with a username and password; throws {@link LoginFailed} with what the page said otherwise. */
    public AppTokens login(String username, String password) {
        Pkce pkce = Pkce.generate(random);
        String state = randomValue();
        BrowserTab tab = new BrowserTab(realm.metadata().authorizationEndpoint());

        BrowserTab.Navigation page = tab.open(authorizationRequest(pkce, state));
        Element form = expectForm(page, "username");
        if (form.selectFirst("input[name=password]") != null) {
            // A single-page login form: fill both, as the citizen would.
            page = tab.submit(form, Map.of("username", username, "password", password));
        } else {
            page = tab.submit(form, Map.of("username", username));
            page = tab.submit(expectForm(page, "password"), Map.of("password", password));
        }
        if (!page.leftProvider()) {
            throw new LoginFailed("The login did not return to the app; the page says: " + page.visibleText());
        }
        return exchange(codeFrom(page.leftTo(), state), pkce);
    }

    /** Uses the refresh token for new tokens (the app does so when the access token has expired). */
    public AppTokens refresh(AppTokens tokens) {
        if (tokens.refreshToken() == null) {
            throw new LoginFailed("No refresh token was issued");
        }
        return tokenRequest(Map.of("grant_type", "refresh_token", "refresh_token", tokens.refreshToken(), "client_id", CLIENT_ID));
    }

    URI authorizationRequest(Pkce pkce, String state) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", CLIENT_ID);
        query.put("redirect_uri", REDIRECT_URI.toString());
        query.put("scope", SCOPE);
        query.put("state", state);
        query.put("code_challenge", pkce.challenge());
        query.put("code_challenge_method", Pkce.METHOD);
        URI endpoint = realm.metadata().authorizationEndpoint();
        String separator = endpoint.getRawQuery() == null ? "?" : "&";
        return URI.create(endpoint + separator + formEncode(query));
    }

    private static Element expectForm(BrowserTab.Navigation page, String inputName) {
        if (page.leftProvider()) {
            throw new LoginFailed("Expected the '" + inputName + "' page, but was " + page.visibleText());
        }
        Element form = page.page().selectFirst(LOGIN_FORM);
        if (form == null || form.selectFirst("input[name=" + inputName + "]") == null) {
            throw new LoginFailed("Expected the '" + inputName + "' page, the page says: " + page.visibleText());
        }
        return form;
    }

    private String codeFrom(URI redirect, String expectedState) {
        if (!REDIRECT_URI.getScheme().equals(redirect.getScheme()) || !REDIRECT_URI.getPath().equals(redirect.getPath())) {
            throw new LoginFailed("The login redirected elsewhere than to the app: " + redirect);
        }
        Map<String, String> parameters = parseQuery(redirect.getRawQuery());
        if (!expectedState.equals(parameters.get("state"))) {
            throw new LoginFailed("The redirect to the app carries a state the app did not send");
        }
        String iss = parameters.get("iss");
        if (iss != null && !realm.issuer().toString().equals(iss)) {
            // RFC 9207: the answer comes from another identity provider than the one asked (mix-up).
            throw new LoginFailed("The redirect to the app names another issuer: " + iss);
        }
        if (parameters.containsKey("error")) {
            throw new LoginFailed("The login ended in error: " + parameters.get("error")
                    + (parameters.containsKey("error_description") ? " (" + parameters.get("error_description") + ")" : ""));
        }
        String code = parameters.get("code");
        if (code == null || code.isEmpty()) {
            throw new LoginFailed("The redirect to the app carries no code");
        }
        return code;
    }

    private AppTokens exchange(String code, Pkce pkce) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", REDIRECT_URI.toString());
        form.put("client_id", CLIENT_ID);
        form.put("code_verifier", pkce.verifier());
        return tokenRequest(form);
    }

    private AppTokens tokenRequest(Map<String, String> form) {
        HttpReply reply = http.post(realm.metadata().tokenEndpoint(), Http.FORM, formEncode(form), null);
        Map<String, Object> json = reply.isSuccess() || reply.contentType().orElse("").startsWith(Http.JSON) ? reply.json() : Map.of();
        if (reply.status() != 200 || !(json.get("access_token") instanceof String accessToken)) {
            throw new LoginFailed("The token endpoint refused (HTTP " + reply.status() + "): " + json.getOrDefault("error", "")
                    + (json.containsKey("error_description") ? " (" + json.get("error_description") + ")" : ""));
        }
        long expiresIn = json.get("expires_in") instanceof Number number ? number.longValue() : 60;
        return new AppTokens(accessToken, (String) json.get("refresh_token"), (String) json.get("id_token"),
                clock.instant().plusSeconds(expiresIn));
    }

    private String randomValue() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64URL.encode(bytes).toString();
    }

    static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> parameters = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            parameters.putIfAbsent(decode(name), decode(value));
        }
        return parameters;
    }

    private static String formEncode(Map<String, String> values) {
        return values.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
