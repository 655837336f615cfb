package fr.idnum.demorp.site;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import fr.idnum.demorp.Settings;
import fr.idnum.demorp.signin.PendingSignIn;
import fr.idnum.demorp.signin.SignInFlow;
import fr.idnum.demorp.signin.SignInRefused;
import fr.idnum.demorp.site.BrowserSessions.BrowserSession;

/**
 * The service's routes: {@code GET /} (and the post-logout URI's path), {@code POST /login},
 * {@code GET <redirect URI's path>}, {@code GET /compte}, {@code POST /logout}, {@code GET /assets/demo-rp.css}.
 */
public final class Site implements HttpHandler {

    private static final System.Logger LOG = System.getLogger(Site.class.getName());
    private static final String LANGUAGE_COOKIE = "mcf_lang";

    private final Settings settings;
    private final SignInFlow flow;
    private final BrowserSessions sessions;
    private final String providerOrigin;

    public Site(Settings settings, SignInFlow flow, Clock clock, SecureRandom random) {
        this.settings = settings;
        this.flow = flow;
        this.sessions = new BrowserSessions(clock, random);
        URI issuer = settings.issuer();
        this.providerOrigin = issuer.getScheme() + "://" + issuer.getRawAuthority();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            Texts texts = texts(exchange);
            if (path.equals("/") || path.equals(settings.postLogoutRedirect().getPath())) {
                expect(method, "GET", exchange, () -> home(exchange, texts));
            } else if (path.equals("/login")) {
                expect(method, "POST", exchange, () -> signIn(exchange, texts));
            } else if (path.equals(settings.redirectUri().getPath())) {
                expect(method, "GET", exchange, () -> callback(exchange, texts));
            } else if (path.equals("/compte")) {
                expect(method, "GET", exchange, () -> account(exchange, texts));
            } else if (path.equals("/logout")) {
                expect(method, "POST", exchange, () -> logout(exchange, texts));
            } else if (path.equals("/assets/demo-rp.css")) {
                expect(method, "GET", exchange, () -> stylesheet(exchange));
            } else {
                Pages.notFound(texts).send(exchange, 404, providerOrigin);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Request failed", e);
            throw e;
        }
    }

    private void home(HttpExchange exchange, Texts texts) throws IOException {
        Optional<BrowserSession> session = session(exchange);
        String state = query(exchange).get("state");
        boolean loggedOut = false;
        if (session.isPresent() && state != null && session.get().logoutState != null
                && session.get().logoutState.getValue().equals(state)) {
            loggedOut = true;
            sessions.forget(cookie(exchange, BrowserSessions.COOKIE));
        }
        boolean signedIn = !loggedOut && session.map(s -> s.signedIn != null).orElse(false);
        Pages.home(texts, signedIn, loggedOut).send(exchange, 200, providerOrigin);
    }

    private void signIn(HttpExchange exchange, Texts texts) throws IOException {
        String body = new String(exchange.getRequestBody().readNBytes(4096), StandardCharsets.UTF_8);
        fr.idnum.demorp.signin.Level level = fr.idnum.demorp.signin.Level.ofAcr(
                URLUtils.parseParameters(body).getOrDefault("level", List.of("eidas1")).get(0))
                .orElse(fr.idnum.demorp.signin.Level.EIDAS1);
        PendingSignIn pending = flow.begin(level);
        URI authorization;
        try {
            authorization = flow.authorizationRequest(pending, texts.locale());
        } catch (IOException e) {
            unavailable(exchange, texts, e);
            return;
        }
        var created = sessions.create();
        created.getValue().pending = pending;
        exchange.getResponseHeaders().add("Set-Cookie", BrowserSessions.cookieHeader(created.getKey()));
        redirect(exchange, authorization);
    }

    private void callback(HttpExchange exchange, Texts texts) throws IOException {
        Optional<BrowserSession> session = session(exchange);
        PendingSignIn pending = session.map(s -> s.pending).orElse(null);
        session.ifPresent(s -> s.pending = null);
        URI callback = settings.redirectUri().resolve(exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
        try {
            var signedIn = flow.complete(pending, callback);
            session.orElseThrow().signedIn = signedIn;
            LOG.log(Level.INFO, "Signed in at {0} (requested {1})", signedIn.acr(), signedIn.requested().acr());
            redirect(exchange, URI.create("/compte"));
        } catch (SignInRefused refusal) {
            LOG.log(Level.WARNING, "Sign-in refused: {0}", refusal.getMessage());
            Pages.refused(texts, refusal).send(exchange, 403, providerOrigin);
        } catch (IOException e) {
            unavailable(exchange, texts, e);
        }
    }

    private void account(HttpExchange exchange, Texts texts) throws IOException {
        var signedIn = session(exchange).map(s -> s.signedIn);
        if (signedIn.isEmpty()) {
            Pages.notSignedIn(texts).send(exchange, 401, providerOrigin);
            return;
        }
        Pages.account(texts, signedIn.get()).send(exchange, 200, providerOrigin);
    }

    private void logout(HttpExchange exchange, Texts texts) throws IOException {
        Optional<BrowserSession> session = session(exchange);
        if (session.isEmpty() || session.get().signedIn == null) {
            redirect(exchange, URI.create("/"));
            return;
        }
        State state = new State();
        URI logout;
        try {
            logout = flow.logoutRequest(session.get().signedIn, state);
        } catch (IOException e) {
            unavailable(exchange, texts, e);
            return;
        }
        session.get().signedIn = null;
        session.get().logoutState = state;
        redirect(exchange, logout);
    }

    private void stylesheet(HttpExchange exchange) throws IOException {
        try (InputStream css = Site.class.getResourceAsStream("demo-rp.css"); OutputStream out = exchange.getResponseBody()) {
            byte[] body = css.readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "text/css; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            out.write(body);
        }
    }

    private void unavailable(HttpExchange exchange, Texts texts, IOException e) throws IOException {
        LOG.log(Level.WARNING, "The OpenID Provider did not answer: {0}", e.getMessage());
        Pages.unavailable(texts).send(exchange, 503, providerOrigin);
    }

    private interface Route {
        void run() throws IOException;
    }

    private static void expect(String method, String expected, HttpExchange exchange, Route route) throws IOException {
        if (!method.equals(expected)) {
            exchange.getResponseHeaders().set("Allow", expected);
            exchange.sendResponseHeaders(405, -1);
            return;
        }
        route.run();
    }

    private static void redirect(HttpExchange exchange, URI location) throws IOException {
        exchange.getResponseHeaders().set("Location", location.toString());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(303, -1);
    }

    private Optional<BrowserSession> session(HttpExchange exchange) {
        return sessions.find(cookie(exchange, BrowserSessions.COOKIE));
    }

    /** French unless the browser chose English with {@code ?lang=en} (remembered in a cookie). */
    private static Texts texts(HttpExchange exchange) {
        String chosen = query(exchange).get("lang");
        if (chosen != null) {
            String language = "en".equals(chosen) ? "en" : "fr";
            exchange.getResponseHeaders().add("Set-Cookie", LANGUAGE_COOKIE + "=" + language + "; Path=/; SameSite=Lax");
            return Texts.of(language);
        }
        return Texts.of(cookie(exchange, LANGUAGE_COOKIE));
    }

    private static Map<String, String> query(HttpExchange exchange) {
        return URLUtils.parseParameters(exchange.getRequestURI().getRawQuery()).entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get(0)));
    }

    private static String cookie(HttpExchange exchange, String name) {
        for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String pair : header.split(";")) {
                String[] parts = pair.trim().split("=", 2);
                if (parts.length == 2 && parts[0].equals(name)) {
                    return parts[1];
                }
            }
        }
        return null;
    }
}
