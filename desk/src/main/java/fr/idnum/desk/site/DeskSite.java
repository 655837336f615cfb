package fr.idnum.desk.site;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import com.nimbusds.oauth2.sdk.id.State;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import fr.idnum.demorp.signin.PendingSignIn;
import fr.idnum.demorp.signin.SignInRefused;
import fr.idnum.desk.DeskSettings;
import fr.idnum.desk.backoffice.BackOfficeApi;
import fr.idnum.desk.signin.StaffMember;
import fr.idnum.desk.signin.StaffSignIn;
import fr.idnum.desk.site.DeskSessions.Session;

/**
 * The desk's routes: {@code GET /}, {@code POST /connexion}, {@code GET <redirect URI's path>} (sign-in and logout
 * returns), {@code POST /deconnexion}, the agent's {@code GET|POST /guichet} and {@code POST /guichet/verification},
 * the operator's {@code GET|POST /operateur} and {@code POST /operateur/action}, {@code GET /assets/desk.css}.
 * Every POST must carry the session's CSRF token, or nothing happens (403).
 */
public final class DeskSite implements HttpHandler {

    private static final System.Logger LOG = System.getLogger(DeskSite.class.getName());

    private final DeskSettings settings;
    private final StaffSignIn signIn;
    private final DeskSessions sessions;
    private final Clock clock;
    private final String providerOrigin;
    private final AgentDesk agentDesk;
    private final OperatorDesk operatorDesk;

    public DeskSite(DeskSettings settings, StaffSignIn signIn, BackOfficeApi api, Clock clock, SecureRandom random) {
        this.settings = settings;
        this.signIn = signIn;
        this.clock = clock;
        this.sessions = new DeskSessions(clock, random, settings.idleTimeout(), "https".equals(settings.redirectUri().getScheme()));
        URI issuer = settings.issuer();
        this.providerOrigin = issuer.getScheme() + "://" + issuer.getRawAuthority();
        this.agentDesk = new AgentDesk(api, new ProblemMessages(Texts.french()));
        this.operatorDesk = new OperatorDesk(api, new ProblemMessages(Texts.french()));
    }

    /** What a route gets: the exchange and the browser's live session (created on first visit). */
    record Visit(HttpExchange exchange, Session session, Texts texts, String providerOrigin, boolean signInExpired) {

        Page page(String titleKey) {
            return new Page(texts, titleKey, session.csrfToken, session.staff);
        }

        void send(Page page, int status) throws IOException {
            page.send(exchange, status, providerOrigin);
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/assets/desk.css")) {
                stylesheet(exchange);
                return;
            }
            if (!method.equals("GET") && !method.equals("POST")) {
                Requests.methodNotAllowed(exchange, "GET, POST");
                return;
            }
            Visit visit = visit(exchange);
            boolean post = method.equals("POST");
            Map<String, String> form = post ? Requests.form(exchange) : Map.of();
            if (post && !visit.session().acceptsCsrf(form.get("csrf"))) {
                LOG.log(Level.WARNING, "POST {0} refused: missing or wrong CSRF token", path);
                visit.send(visit.page("csrf.title").text("p", "id=\"csrf-refused\"", "csrf.intro")
                        .html("<p><a href=\"/\">" + Page.escape(visit.texts().get("back.home")) + "</a></p>"), 403);
                return;
            }
            route(visit, path, post, form);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Request failed", e);
            throw e;
        }
    }

    private void route(Visit visit, String path, boolean post, Map<String, String> form) throws IOException {
        HttpExchange exchange = visit.exchange();
        if (path.equals(settings.redirectUri().getPath())) {
            if (post) {
                Requests.methodNotAllowed(exchange, "GET");
            } else {
                callback(visit);
            }
        } else if (path.equals("/")) {
            home(visit, null);
        } else if (path.equals("/connexion") && post) {
            startSignIn(visit);
        } else if (path.equals("/deconnexion") && post) {
            logout(visit);
        } else if (path.equals("/guichet") || path.equals("/guichet/verification")) {
            if (allowed(visit, StaffMember::isAgent, "forbidden.agent")) {
                agentDesk.handle(visit, path, post, form);
            }
        } else if (path.equals("/operateur") || path.equals("/operateur/action")) {
            if (allowed(visit, StaffMember::isOperator, "forbidden.operator")) {
                operatorDesk.handle(visit, path, post, form);
            }
        } else {
            visit.send(visit.page("notFound.title").html("<p><a href=\"/\">" + Page.escape(visit.texts().get("back.home")) + "</a></p>"), 404);
        }
    }

    /** Signed in (with a token still valid) and of the right role; otherwise the home page or a refusal is sent. */
    private boolean allowed(Visit visit, java.util.function.Predicate<StaffMember> role, String refusalKey) throws IOException {
        StaffMember staff = visit.session().staff;
        if (staff == null) {
            home(visit, null);
            return false;
        }
        if (!role.test(staff)) {
            visit.send(visit.page("forbidden.title").text("p", "id=\"forbidden\"", refusalKey), 403);
            return false;
        }
        return true;
    }

    private Visit visit(HttpExchange exchange) {
        Optional<Session> found = sessions.find(Requests.cookie(exchange, DeskSessions.SESSION_COOKIE));
        Session session;
        if (found.isPresent()) {
            session = found.get();
        } else {
            var created = sessions.create();
            exchange.getResponseHeaders().add("Set-Cookie", sessions.sessionCookie(created.getKey()));
            session = created.getValue();
        }
        StaffMember staff = session.staff;
        boolean expired = staff != null && staff.expiredAt(clock.instant());
        if (expired) {
            // The access token ran out: the enrollment service would refuse every call; sign in again.
            session.staff = null;
            session.lookup = null;
            session.lastSearch = null;
        }
        return new Visit(exchange, session, Texts.french(), providerOrigin, expired);
    }

    private void home(Visit visit, String statusKey) throws IOException {
        Page page = visit.page("home.title");
        StaffMember staff = visit.session().staff;
        if (statusKey != null) {
            page.status("home-status", visit.texts().get(statusKey));
        } else if (visit.signInExpired()) {
            page.status("home-status", visit.texts().get("home.expired"));
        }
        if (staff == null) {
            page.text("p", "", "home.intro");
            page.html("<form method=\"post\" action=\"/connexion\">" + page.csrfField()
                    + "<button type=\"submit\" id=\"sign-in\">" + Page.escape(visit.texts().get("home.button")) + "</button></form>");
        } else if (!staff.isAgent() && !staff.isOperator()) {
            page.text("p", "id=\"no-role\"", "home.noRole");
        } else {
            page.text("p", "", "home.signedIn");
        }
        visit.send(page, 200);
    }

    private void startSignIn(Visit visit) throws IOException {
        PendingSignIn pending = signIn.begin();
        URI authorization;
        try {
            authorization = signIn.authorizationRequest(pending);
        } catch (IOException e) {
            unavailable(visit, e);
            return;
        }
        visit.exchange().getResponseHeaders().add("Set-Cookie", sessions.signInCookie(sessions.keep(pending)));
        Requests.redirect(visit.exchange(), authorization);
    }

    private void callback(Visit visit) throws IOException {
        HttpExchange exchange = visit.exchange();
        Map<String, String> query = Requests.query(exchange);
        if (!query.containsKey("code") && !query.containsKey("error") && sessions.endsLogout(query.get("state"))) {
            home(visit, "home.loggedOut");
            return;
        }
        PendingSignIn pending = sessions.take(Requests.cookie(exchange, DeskSessions.SIGN_IN_COOKIE));
        DeskSessions.expired(DeskSessions.SIGN_IN_COOKIE).forEach(cookie -> exchange.getResponseHeaders().add("Set-Cookie", cookie));
        URI callback = settings.redirectUri().resolve(exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
        try {
            StaffMember staff = signIn.complete(pending, callback);
            // A new session for the signed-in person: whatever id the browser had before is not theirs to keep.
            sessions.forget(Requests.cookie(exchange, DeskSessions.SESSION_COOKIE));
            var created = sessions.create();
            created.getValue().staff = staff;
            exchange.getResponseHeaders().add("Set-Cookie", sessions.sessionCookie(created.getKey()));
            LOG.log(Level.INFO, "Staff member {0} signed in to the desk with roles {1}", staff.subject(), staff.roles());
            String next = staff.isAgent() ? "/guichet" : staff.isOperator() ? "/operateur" : "/";
            // A page, not a redirect: coming from the realm's site, a redirect would not carry the Strict cookie yet.
            Page page = new Page(visit.texts(), "signedInPage.title", null, null).refreshTo(next)
                    .html("<p><a href=\"" + next + "\" id=\"continue\">" + Page.escape(visit.texts().get("signedInPage.continue")) + "</a></p>");
            visit.send(page, 200);
        } catch (SignInRefused refusal) {
            LOG.log(Level.WARNING, "Desk sign-in refused: {0}", refusal.reason().key());
            Page page = visit.page("refused.title");
            page.text("p", "", "refused.intro");
            page.text("p", "id=\"refusal-reason\"", "refused." + refusal.reason().key());
            if (refusal.providerError() != null) {
                page.text("p", "", "refused.code", refusal.providerError());
            }
            visit.send(page.html("<p><a href=\"/\">" + Page.escape(visit.texts().get("refused.retry")) + "</a></p>"), 403);
        } catch (IOException e) {
            unavailable(visit, e);
        }
    }

    private void logout(Visit visit) throws IOException {
        StaffMember staff = visit.session().staff;
        sessions.forget(Requests.cookie(visit.exchange(), DeskSessions.SESSION_COOKIE));
        if (staff == null) {
            Requests.redirect(visit.exchange(), URI.create("/"));
            return;
        }
        State state = new State();
        URI logout;
        try {
            logout = signIn.logoutRequest(staff, state);
        } catch (IOException e) {
            unavailable(visit, e);
            return;
        }
        sessions.expectLogout(state.getValue());
        LOG.log(Level.INFO, "Staff member {0} signed out of the desk", staff.subject());
        Requests.redirect(visit.exchange(), logout);
    }

    private void stylesheet(HttpExchange exchange) throws IOException {
        try (InputStream css = DeskSite.class.getResourceAsStream("desk.css"); OutputStream out = exchange.getResponseBody()) {
            byte[] body = css.readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "text/css; charset=utf-8");
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            exchange.sendResponseHeaders(200, body.length);
            out.write(body);
        }
    }

    private void unavailable(Visit visit, IOException e) throws IOException {
        LOG.log(Level.WARNING, "The OpenID Provider did not answer: {0}", e.getMessage());
        visit.send(visit.page("unavailable.title").text("p", "", "unavailable.intro"), 503);
    }
}
