package fr.idnum.bench;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.claims.ACR;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import fr.idnum.protocol.Challenges;
import fr.idnum.simulator.login.BrowserTab;

/**
 * One complete sign-in of a virtual citizen, as a relying party and a browser without a person make it: the
 * authorization request (code, PKCE S256, state, nonce, {@code acr_values}), the pages (identifier, password, OTP,
 * or our waiting page while the phone approves), the redirect with the code, the token request (client secret),
 * the ID token validated. For a push, the phone waits for its push ({@link PushWatch}: the enrollment service's outbox,
 * where the recording stand-in leaves it), fetches the challenge, checks it and approves with the number the browser shows
 * and the sealed PIN, while the browser asks the status endpoint as the waiting page's script does and continues
 * at once when the answer lands.
 */
public final class SignInDriver {

    static final String LOGIN_FORM = "#kc-form-login";
    static final String PUSH_FORM = "#idnum-push-form";
    private static final Pattern STATUS_URL = Pattern.compile("fetch\\(\"([^\"]+?)&wait=true");
    private static final Duration PUSH_TIMEOUT = Duration.ofSeconds(60);
    /**
     * How long the waiting page's held status question may take before the simulated browser gives up: the server
     * holds it up to 25 s on purpose (a browser's script waits without a limit), then the 30 s of patience that
     * every other request gets.
     */
    static final Duration HELD_QUESTION_TIMEOUT = Duration.ofSeconds(25 + 30);

    private final URI authorizationEndpoint;
    private final URI tokenEndpoint;
    private final URI issuer;
    private final String clientSecret;
    private final Map<String, IdTokenCheck> checks = new HashMap<>();
    private final PushWatch pushes;
    private final ExecutorService phones;
    /** How long a phone waits between fetching the challenge and approving it (a person reading and typing). */
    private final Duration think;
    /**
     * The relying party's back channel, shared by every sign-in: HTTP/1.1, as a pool of connections. (The JDK's default
     * HTTP/2 upgrade would put every token request on one connection and fail beyond the server's concurrent streams.)
     */
    private final HttpClient tokenClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    public SignInDriver(Endpoints endpoints, String clientSecret, PushWatch pushes, ExecutorService phones, Duration think) {
        this.authorizationEndpoint = endpoints.authorization();
        this.tokenEndpoint = endpoints.token();
        this.issuer = endpoints.issuer();
        this.clientSecret = clientSecret;
        this.pushes = pushes;
        this.phones = phones;
        this.think = think;
        for (String clientId : List.of(BenchRealm.CLIENT_ID, BenchRealm.OTP_CLIENT_ID)) {
            checks.put(clientId, new IdTokenCheck(issuer, endpoints.jwks(), clientId));
        }
    }

    /** The realm's endpoints, from its discovery document. */
    public record Endpoints(URI issuer, URI authorization, URI token, URI jwks) {

        public static Endpoints discover(URI issuer) {
            HttpResponse<String> response = AdminApi.call(HttpClient.newHttpClient(),
                    HttpRequest.newBuilder(URI.create(AdminApi.strip(issuer.toString()) + "/.well-known/openid-configuration")).GET().build());
            Map<String, Object> json = AdminApi.object(response);
            return new Endpoints(URI.create((String) json.get("issuer")), URI.create((String) json.get("authorization_endpoint")),
                    URI.create((String) json.get("token_endpoint")), URI.create((String) json.get("jwks_uri")));
        }
    }

    /** Signs {@code citizen} in with {@code kind} in a fresh browser tab on {@code browser}; never throws. */
    public Outcome signIn(SignInKind kind, Citizen citizen, BrowserSlot browser) {
        long start = System.nanoTime();
        java.util.concurrent.atomic.AtomicBoolean pushDelivered = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong pushNanos = new java.util.concurrent.atomic.AtomicLong(-1);
        try {
            browser.cookies().clear();
            BrowserTab tab = new BrowserTab(authorizationEndpoint, browser.http());
            State state = new State();
            Nonce nonce = new Nonce();
            CodeVerifier verifier = new CodeVerifier();
            AuthenticationRequest.Builder request = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid"),
                    new ClientID(kind.clientId()), URI.create(BenchRealm.REDIRECT_URI))
                    .endpointURI(authorizationEndpoint).state(state).nonce(nonce).codeChallenge(verifier, CodeChallengeMethod.S256);
            if (kind.acr() != null) {
                request.acrValues(List.of(new ACR(kind.acr())));
            }
            BrowserTab.Navigation page = tab.open(request.build().toURI());
            long approvalToArrival = -1;
            Outcome.ApprovalPhases phases = null;
            switch (kind) {
                case PASSWORD -> page = password(tab, identifier(tab, page, citizen));
                case PASSWORD_OTP -> page = oneTimeCode(tab, usernameAndPassword(tab, page, citizen), citizen);
                case PUSH -> {
                    PushResult push = push(tab, identifier(tab, page, citizen), citizen, pushDelivered, pushNanos);
                    page = push.page();
                    approvalToArrival = push.phases().arrived();
                    phases = push.phases();
                }
            }
            String code = code(page, state);
            String idToken = exchange(kind.clientId(), code, verifier);
            checks.get(kind.clientId()).validate(idToken, nonce, kind.acr());
            return new Outcome(kind, System.nanoTime() - start, approvalToArrival, pushDelivered.get(), pushNanos.get(), phases, null);
        } catch (RuntimeException e) {
            return new Outcome(kind, System.nanoTime() - start, -1, pushDelivered.get(), pushNanos.get(), reason(e));
        }
    }

    /** The failure and its first cause, e.g. "UncheckedIOException: Cannot reach ... (HttpTimeoutException: request timed out)". */
    static String reason(Throwable e) {
        Throwable shown = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        String reason = shown.getClass().getSimpleName() + ": " + shown.getMessage();
        Throwable cause = shown.getCause();
        return cause == null || cause == shown ? reason : reason + " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
    }

    private static BrowserTab.Navigation identifier(BrowserTab tab, BrowserTab.Navigation page, Citizen citizen) {
        return tab.submit(form(page, LOGIN_FORM, "username"), Map.of("username", citizen.username()));
    }

    private static BrowserTab.Navigation password(BrowserTab tab, BrowserTab.Navigation page) {
        return tab.submit(form(page, LOGIN_FORM, "password"), Map.of("password", Citizen.PASSWORD));
    }

    /** Keycloak's username-password form: both on one page (our theme's identifier-first page otherwise). */
    private static BrowserTab.Navigation usernameAndPassword(BrowserTab tab, BrowserTab.Navigation page, Citizen citizen) {
        Element login = form(page, LOGIN_FORM, "username");
        if (login.selectFirst("input[name=password]") != null) {
            return tab.submit(login, Map.of("username", citizen.username(), "password", Citizen.PASSWORD));
        }
        return password(tab, tab.submit(login, Map.of("username", citizen.username())));
    }

    private static BrowserTab.Navigation oneTimeCode(BrowserTab tab, BrowserTab.Navigation page, Citizen citizen) {
        Element otp = form(page, "form:has(input[name=otp])", "otp");
        return tab.submit(otp, Map.of("otp", citizen.totp().codeAt(Instant.now())));
    }

    private record PushResult(BrowserTab.Navigation page, Outcome.ApprovalPhases phases) {
    }

    private PushResult push(BrowserTab tab, BrowserTab.Navigation waiting, Citizen citizen, java.util.concurrent.atomic.AtomicBoolean pushDelivered,
                            java.util.concurrent.atomic.AtomicLong pushNanos) {
        long pageArrived = System.nanoTime();
        Document page = expectPage(waiting);
        Element shown = page.selectFirst("#idnum-push-number");
        if (shown == null) {
            throw new IllegalStateException("no waiting page with a number: " + waiting.visibleText());
        }
        int number = Integer.parseInt(shown.text().trim());
        Element continueForm = form(waiting, PUSH_FORM, null);
        java.util.concurrent.atomic.AtomicLong approvedAt = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong approved = new java.util.concurrent.atomic.AtomicLong();
        CompletableFuture<Void> phone = CompletableFuture.runAsync(() -> {
            String challengeId = awaitPush(citizen.phone().state().pushToken(), citizen);
            pushNanos.set(System.nanoTime() - pageArrived);
            pushDelivered.set(true);
            Challenges.Challenge challenge = citizen.phone().pendingChallenge()
                    .orElseThrow(() -> new IllegalStateException("pushed, but no challenge waits for the phone"));
            if (!challenge.id().equals(challengeId)) {
                throw new IllegalStateException("the pushed challenge is not the one waiting");
            }
            if (!think.isZero()) {
                sleep(think.toMillis());
            }
            approvedAt.set(System.nanoTime());
            citizen.phone().approve(challenge, Citizen.PIN, number);
            approved.set(System.nanoTime());
        }, phones);
        Optional<URI> status = statusUrl(page);
        long browserKnows = -1;
        if (status.isPresent()) {
            awaitAnswer(tab, status.get(), phone);
            browserKnows = System.nanoTime();
        }
        phone.join(); // the phone's failure, if any, is this sign-in's
        BrowserTab.Navigation arrived = tab.submit(continueForm, Map.of("check", "true"));
        long arrival = System.nanoTime();
        long sent = approvedAt.get();
        return new PushResult(arrived, new Outcome.ApprovalPhases(approved.get() - sent,
                browserKnows < 0 ? -1 : browserKnows - sent, arrival - sent));
    }

    /** The challenge id of a push to {@code pushToken} that this citizen has not answered yet. */
    private String awaitPush(String pushToken, Citizen citizen) {
        return pushes.await(pushToken, citizen::takeChallenge, PUSH_TIMEOUT).orElseThrow(() -> new IllegalStateException(
                "no push reached the phone within " + PUSH_TIMEOUT.toSeconds() + " s"
                        + pushes.lastFailure().map(e -> " (the outbox could not be read: " + e.getMessage() + ")").orElse("")));
    }

    /** What the waiting page's script does: asks (each question held by the server) until the answer is not pending. */
    private static void awaitAnswer(BrowserTab tab, URI status, CompletableFuture<Void> phone) {
        boolean pushFailed = false;
        while (true) {
            HttpResponse<String> answer = tab.fetch(URI.create(status + "&wait=true&push_failed=" + pushFailed), HELD_QUESTION_TIMEOUT);
            if (answer.statusCode() != 200) {
                if (phone.isDone()) {
                    return; // the page would ask again later; the citizen can also press "J'ai validé"
                }
                sleep(1000);
                continue;
            }
            Map<String, Object> json;
            try {
                json = JSONObjectUtils.parse(answer.body());
            } catch (java.text.ParseException e) {
                throw new IllegalStateException("the status endpoint answered no JSON", e);
            }
            if (!"pending".equals(json.get("status"))) {
                return;
            }
            pushFailed = Boolean.TRUE.equals(json.get("push_failed"));
            if (phone.isCompletedExceptionally()) {
                return;
            }
        }
    }

    private static Optional<URI> statusUrl(Document page) {
        Matcher url = STATUS_URL.matcher(page.select("script").html());
        return url.find() ? Optional.of(URI.create(url.group(1))) : Optional.empty();
    }

    private String code(BrowserTab.Navigation page, State state) {
        if (!page.leftProvider()) {
            throw new IllegalStateException("the sign-in did not return to the relying party: " + excerpt(page.visibleText()));
        }
        Map<String, String> query = new HashMap<>();
        String raw = page.leftTo().getRawQuery();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                query.put(pair.substring(0, equals), URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        if (query.containsKey("error")) {
            throw new IllegalStateException("authorization error " + query.get("error") + ": " + query.get("error_description"));
        }
        if (!state.getValue().equals(query.get("state"))) {
            throw new IllegalStateException("the redirect carries another state");
        }
        if (query.containsKey("iss") && !issuer.toString().equals(query.get("iss"))) {
            throw new IllegalStateException("the redirect names another issuer: " + query.get("iss"));
        }
        String code = query.get("code");
        if (code == null) {
            throw new IllegalStateException("the redirect carries no code");
        }
        return code;
    }

    private String exchange(String clientId, String code, CodeVerifier verifier) {
        String form = "grant_type=authorization_code&code=" + AdminApi.encode(code) + "&redirect_uri="
                + AdminApi.encode(BenchRealm.REDIRECT_URI) + "&code_verifier=" + AdminApi.encode(verifier.getValue());
        String basic = Base64.getEncoder().encodeToString((AdminApi.encode(clientId) + ":" + AdminApi.encode(clientSecret))
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = AdminApi.call(tokenClient, HttpRequest.newBuilder(tokenEndpoint)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the token endpoint refused: HTTP " + response.statusCode() + " " + excerpt(response.body()));
        }
        Object idToken = AdminApi.object(response).get("id_token");
        if (!(idToken instanceof String token)) {
            throw new IllegalStateException("no ID token in the token response");
        }
        return token;
    }

    private static Element form(BrowserTab.Navigation page, String selector, String input) {
        Element form = expectPage(page).selectFirst(selector);
        if (form == null || (input != null && form.selectFirst("input[name=" + input + "]") == null)) {
            throw new IllegalStateException("expected a form with '" + (input == null ? selector : input) + "', the page says: "
                    + excerpt(page.visibleText()));
        }
        return form;
    }

    private static Document expectPage(BrowserTab.Navigation page) {
        if (page.leftProvider()) {
            throw new IllegalStateException("left the identity provider too early: " + excerpt(page.visibleText()));
        }
        return page.page();
    }

    private static String excerpt(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** One virtual citizen's browser: an HTTP client of its own with a cookie jar emptied before each sign-in. */
    public record BrowserSlot(fr.idnum.simulator.login.LoopbackCookieJar cookies, HttpClient http) {

        public static BrowserSlot create() {
            fr.idnum.simulator.login.LoopbackCookieJar cookies = new fr.idnum.simulator.login.LoopbackCookieJar();
            return new BrowserSlot(cookies, BrowserTab.newClient(cookies));
        }
    }
}
