package fr.idnum.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import fr.idnum.protocol.Challenges;
import fr.idnum.protocol.DeviceApi;

/**
 * Keycloak and the enrollment service as far as the phone sees them, on 127.0.0.1 at a random port: discovery,
 * a JWKS with two signing keys (RSA, and EC for challenges) and an encryption key, a two-page login that needs
 * its {@code Secure} session cookie back, a token endpoint that checks PKCE, and the device and enrollment APIs,
 * which record what they receive and answer a queued reply or a plausible default (the pending challenge: the
 * one {@linkplain #offer offered}, else 204).
 */
public final class StubRealm implements AutoCloseable {

    public static final String USERNAME = "citizen-1";
    public static final String PASSWORD = "Citoyen-Test-2026";
    public static final String ACCESS_TOKEN = "access-token-1";
    public static final String CREDENTIAL_ID = "credential-1";
    static final String REALM_PATH = "/realms/idnum";
    static final String SESSION_COOKIE = "AUTH_SESSION_ID";

    /** One request as received. */
    public record Recorded(String method, String path, Headers headers, String body) {
        public String header(String name) {
            return headers.getFirst(name);
        }

        public Map<String, Object> json() {
            try {
                return JSONObjectUtils.parse(body);
            } catch (java.text.ParseException e) {
                throw new AssertionError("Not JSON: " + body, e);
            }
        }
    }

    /** An answer to give once. */
    public record Reply(int status, String contentType, String body, Map<String, String> headers) {
        public static Reply problem(int status, String json) {
            return new Reply(status, DeviceApi.PROBLEM_MEDIA_TYPE, json, Map.of());
        }
    }

    public final RSAKey encryptionKey = rsa(KeyUse.ENCRYPTION, "enc-1");
    public final RSAKey signingKey = rsa(KeyUse.SIGNATURE, "sig-1");
    /** The realm key that signs challenges, published in the JWKS; {@link #rotateChallengeKey} replaces it. */
    public volatile ECKey challengeKey = ec("sig-ec-1");
    /** The challenge document the pending-challenge endpoint answers (200), or null for 204. */
    public volatile String offeredChallenge;
    /** When set, the redirect back to the app carries this state instead of the one received. */
    public volatile String stateOverride;
    /** When set, the redirect back to the app names this issuer (RFC 9207) instead of the realm's. */
    public volatile String issOverride;
    /** When set, the token endpoint compares the verifier with this challenge instead of the one received. */
    public volatile String challengeOverride;

    private final HttpServer server;
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Reply>> replies = new ConcurrentHashMap<>();
    private final Map<String, String> pendingLogins = new ConcurrentHashMap<>(); // session -> "state challenge"
    private final Map<String, String> issuedCodes = new ConcurrentHashMap<>();  // code -> challenge

    public StubRealm() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public URI issuer() {
        return URI.create(base() + REALM_PATH);
    }

    /** The next request to {@code path} gets {@code reply}. */
    public void replyNext(String path, Reply reply) {
        replies.computeIfAbsent(path, p -> new ArrayDeque<>()).add(reply);
    }

    /** Every request received, in order. */
    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    public List<Recorded> requestsTo(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    public Recorded lastRequestTo(String path) {
        List<Recorded> to = requestsTo(path);
        if (to.isEmpty()) {
            throw new AssertionError("No request to " + path + "; received " + requests.stream().map(Recorded::path).toList());
        }
        return to.get(to.size() - 1);
    }

    /** Offers {@code challenge} to the activated phone, signed by {@link #challengeKey}, until replaced or cleared. */
    public String offer(Challenges.Challenge challenge) {
        offeredChallenge = signChallenge(challenge, challengeKey, CREDENTIAL_ID);
        return offeredChallenge;
    }

    /** A challenge document signed by any EC key, for any phone, as this realm's issuer. */
    public String signChallenge(Challenges.Challenge challenge, ECKey key, String credentialId) {
        try {
            return Challenges.sign(challenge, issuer(), credentialId, new ECDSASigner(key), JWSAlgorithm.ES256, key.getKeyID());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The realm publishes a new challenge key under a new kid (and stops publishing the old one). */
    public ECKey rotateChallengeKey() {
        challengeKey = ec("sig-ec-" + UUID.randomUUID());
        return challengeKey;
    }

    public static Reply challengeReply(String jws) {
        return new Reply(200, DeviceApi.CHALLENGE_MEDIA_TYPE, jws, Map.of());
    }

    /** A challenge requested at {@code now}, living two minutes, without number matching. */
    public static Challenges.Challenge challenge(java.time.Instant now) {
        return new Challenges.Challenge("challenge-" + UUID.randomUUID(), "nonce-" + UUID.randomUUID(), "Impots.gouv",
                "Firefox", "Linux", now, now.plusSeconds(120), false, false);
    }

    /** A challenge requested at {@code now}, living two minutes, asking for the number the browser shows. */
    public static Challenges.Challenge matchingChallenge(java.time.Instant now) {
        return new Challenges.Challenge("challenge-" + UUID.randomUUID(), "nonce-" + UUID.randomUUID(), "Impots.gouv",
                "Firefox", "Linux", now, now.plusSeconds(120), true, false);
    }

    public static String devicePath(String deviceApiPath) {
        return REALM_PATH + "/" + DeviceApi.RESOURCE + "/" + deviceApiPath;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            requests.add(new Recorded(exchange.getRequestMethod(), path, exchange.getRequestHeaders(), body));
            Deque<Reply> queued = replies.get(path);
            Reply reply = queued == null ? null : queued.poll();
            if (reply == null) {
                reply = route(exchange, path, body);
            }
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] bytes = reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8);
            if (reply.contentType() != null) {
                exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            }
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        }
    }

    private Reply route(HttpExchange exchange, String path, String body) {
        String realm = REALM_PATH;
        if (path.equals(realm + "/.well-known/openid-configuration")) {
            return json(200, Map.of("issuer", issuer().toString(),
                    "authorization_endpoint", issuer() + "/protocol/openid-connect/auth",
                    "token_endpoint", issuer() + "/protocol/openid-connect/token",
                    "jwks_uri", issuer() + "/protocol/openid-connect/certs"));
        }
        if (path.equals(realm + "/protocol/openid-connect/certs")) {
            return new Reply(200, "application/json", new JWKSet(List.of(signingKey.toPublicJWK(), challengeKey.toPublicJWK(),
                    encryptionKey.toPublicJWK())).toString(), Map.of());
        }
        if (path.equals(devicePath(DeviceApi.PENDING_CHALLENGE))) {
            String offered = offeredChallenge;
            return offered == null ? new Reply(204, null, null, Map.of()) : challengeReply(offered);
        }
        if (path.equals(realm + "/protocol/openid-connect/auth")) {
            return authorization(query(exchange.getRequestURI().getRawQuery()));
        }
        if (path.equals(realm + "/login-actions/authenticate")) {
            return authenticate(exchange.getRequestHeaders().getFirst("Cookie"), query(body));
        }
        if (path.equals(realm + "/login-actions/bridge")) {
            return new Reply(302, null, null, Map.of("Location", query(exchange.getRequestURI().getRawQuery()).get("to")));
        }
        if (path.equals(realm + "/protocol/openid-connect/token")) {
            return token(query(body));
        }
        if (path.equals(devicePath(DeviceApi.ACTIVATION))) {
            return json(201, Map.of("credential_id", CREDENTIAL_ID, "device_label", "Téléphone simulé", "activated_at", 1764410000000L));
        }
        if (path.startsWith(realm + "/" + DeviceApi.RESOURCE + "/")) {
            return new Reply(204, null, null, Map.of());
        }
        if (path.equals("/api/v1/enrollments") || path.equals("/api/v1/enrollments/current")) {
            return json(path.endsWith("current") ? 200 : 201, Map.of("id", UUID.randomUUID().toString(), "state", "DRAFT",
                    "mobilePhone", "+33612345678", "createdAt", "2026-11-29T10:00:00Z"));
        }
        if (path.endsWith("/resend") || path.endsWith("/mobile-phone")) {
            return new Reply(202, null, null, Map.of());
        }
        if (path.startsWith("/api/v1/enrollments/current/")) {
            return new Reply(204, null, null, Map.of());
        }
        return new Reply(404, "text/plain", "not found", Map.of());
    }

    private Reply authorization(Map<String, String> query) {
        if (!"idnum-app".equals(query.get("client_id")) || !"fr.idnum.app:/oauth2redirect".equals(query.get("redirect_uri"))
                || !"code".equals(query.get("response_type")) || !"S256".equals(query.get("code_challenge_method"))
                || query.get("state") == null || query.get("code_challenge") == null) {
            return page(400, "<p>Requête invalide</p>");
        }
        String session = UUID.randomUUID().toString();
        pendingLogins.put(session, query.get("state") + " " + query.get("code_challenge"));
        Reply page = loginPage("", "<input type=\"text\" name=\"username\">");
        return new Reply(200, page.contentType(), page.body(), Map.of("Set-Cookie",
                SESSION_COOKIE + "=" + session + "; Path=" + REALM_PATH + "/; Secure; HttpOnly; SameSite=None"));
    }

    private Reply authenticate(String cookies, Map<String, String> form) {
        String session = cookie(cookies, SESSION_COOKIE);
        String pending = session == null ? null : pendingLogins.get(session);
        if (pending == null) {
            return page(400, "<p>Cookie introuvable. Assurez-vous que les cookies sont activés.</p>");
        }
        if (!form.containsKey("tab_id")) {
            return page(400, "<p>Formulaire incomplet.</p>");
        }
        if (form.containsKey("username") && !form.containsKey("password")) {
            return USERNAME.equals(form.get("username"))
                    ? loginPage("", "<input type=\"password\" name=\"password\">")
                    : loginPage("<span class=\"kc-feedback-text\">Nom d’utilisateur invalide.</span>", "<input type=\"text\" name=\"username\">");
        }
        if (!PASSWORD.equals(form.get("password"))) {
            return loginPage("<span class=\"kc-feedback-text\">Mot de passe invalide.</span>", "<input type=\"password\" name=\"password\">");
        }
        String[] stateAndChallenge = pending.split(" ");
        String code = UUID.randomUUID().toString();
        issuedCodes.put(code, stateAndChallenge[1]);
        String state = stateOverride != null ? stateOverride : stateAndChallenge[0];
        String back = "fr.idnum.app:/oauth2redirect?code=" + code + "&state=" + URLEncoder.encode(state, StandardCharsets.UTF_8)
                + "&iss=" + URLEncoder.encode(issOverride != null ? issOverride : issuer().toString(), StandardCharsets.UTF_8);
        // One hop on the realm first, as Keycloak does, to prove redirects on the provider are followed.
        return new Reply(302, null, null, Map.of("Location",
                REALM_PATH + "/login-actions/bridge?to=" + URLEncoder.encode(back, StandardCharsets.UTF_8)));
    }

    private Reply token(Map<String, String> form) {
        String challenge = issuedCodes.remove(String.valueOf(form.get("code")));
        if (!"authorization_code".equals(form.get("grant_type")) || challenge == null || !"idnum-app".equals(form.get("client_id"))
                || !"fr.idnum.app:/oauth2redirect".equals(form.get("redirect_uri"))) {
            return json(400, Map.of("error", "invalid_grant", "error_description", "Code not valid"));
        }
        String expected = challengeOverride != null ? challengeOverride : challenge;
        if (form.get("code_verifier") == null || !expected.equals(s256(form.get("code_verifier")))) {
            return json(400, Map.of("error", "invalid_grant", "error_description", "PKCE verification failed"));
        }
        return json(200, Map.of("access_token", ACCESS_TOKEN, "refresh_token", "refresh-token-1", "id_token", "id-token-1",
                "token_type", "Bearer", "expires_in", 300));
    }

    private Reply loginPage(String feedback, String input) {
        return page(200, feedback + "<form id=\"kc-form-login\" method=\"post\" action=\"" + issuer()
                + "/login-actions/authenticate?session_code=abc\">" + input
                + "<input type=\"hidden\" name=\"tab_id\" value=\"tab-1\">"
                + "<input type=\"submit\" name=\"login\" value=\"Se connecter\"></form>");
    }

    private static Reply page(int status, String content) {
        return new Reply(status, "text/html; charset=utf-8", "<html lang=\"fr\"><body>" + content + "</body></html>", Map.of());
    }

    private static Reply json(int status, Map<String, ?> json) {
        return new Reply(status, "application/json", JSONObjectUtils.toJSONString(json), Map.of());
    }

    private static String cookie(String header, String name) {
        if (header == null) {
            return null;
        }
        for (String pair : header.split(";\\s*")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return null;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                values.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    static String s256(String verifier) {
        try {
            return Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII))).toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ECKey ec(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey rsa(KeyUse use, String kid) {
        try {
            return new RSAKeyGenerator(2048).keyUse(use).keyID(kid)
                    .algorithm(use == KeyUse.ENCRYPTION ? JWEAlgorithm.RSA_OAEP : JWSAlgorithm.RS256).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
