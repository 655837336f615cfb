package fr.idnum.e2e.support;

import java.net.URI;
import java.util.Map;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * The browser's side of an eidas2 sign-in on our pages, as a citizen without JavaScript goes through it:
 * identifier, then the waiting page (which shows the number to pick on the phone), then "J'ai validé".
 */
public final class PushLogin {

    public static final String FORM = "#idnum-push-form";

    private final Browser browser;
    private Browser.Result page;

    private PushLogin(Browser browser, Browser.Result page) {
        this.browser = browser;
        this.page = page;
    }

    /** Opens the authorization request and gives the identifier; expects the waiting page. */
    public static PushLogin start(Browser browser, URI authorizationRequest, String username) {
        PushLogin login = new PushLogin(browser, Login.identifier(browser, authorizationRequest, username));
        login.assertState("waiting");
        return login;
    }

    /** Opens the authorization request in a browser that is already signed in; expects the waiting page. */
    public static PushLogin stepUp(Browser browser, URI authorizationRequest) {
        PushLogin login = new PushLogin(browser, browser.open(authorizationRequest));
        login.assertState("waiting");
        return login;
    }

    /** The number the page shows, to pick on the phone. */
    public int number() {
        Element number = page.page().selectFirst("#idnum-push-number");
        if (number == null) {
            throw new AssertionError("No number on the waiting page:\n" + page.page().text());
        }
        return Integer.parseInt(number.text().trim());
    }

    public Document document() {
        return page.page();
    }

    /** "J'ai validé sur mon téléphone" (what the page's script also submits once the status changes). */
    public Browser.Result check() {
        return press("check");
    }

    public Browser.Result press(String button) {
        page = browser.submit(page.page(), FORM, Map.of(button, "true"));
        return page;
    }

    /** The state the page shows: waiting, denied, expired, wrong-number, locked, superseded, suspended. */
    public String state() {
        if (page.leftKeycloak()) {
            return "left";
        }
        Document doc = page.page();
        if (doc.selectFirst("#idnum-push-waiting") != null) {
            return "waiting";
        }
        Element outcome = doc.selectFirst("#idnum-push-outcome");
        return outcome == null ? "none" : outcome.attr("data-state");
    }

    public void assertState(String expected) {
        String actual = state();
        if (!expected.equals(actual)) {
            throw new AssertionError("Expected the push page in state '" + expected + "', was '" + actual + "' (HTTP "
                    + page.status() + "):\n" + (page.leftKeycloak() ? page.leftTo() : page.page().text()));
        }
    }

    /** The status URL the waiting page's script asks (without the long-poll's parameters). */
    public URI statusUrl() {
        String script = page.page().select("script").html();
        return URI.create(script.replaceAll("(?s).*fetch\\(\"([^\"]+?)&wait=true[^\"]*\".*", "$1"));
    }

    /** The long-poll the page's script makes: held until there is news for a page that knows {@code pushFailed}. */
    public URI waitUrl(boolean pushFailed) {
        return URI.create(statusUrl() + "&wait=true&push_failed=" + pushFailed);
    }

    /** What the status endpoint answers now, without waiting (JSON). */
    public String status() {
        return browser.fetch(statusUrl()).body();
    }

    /** One long-poll of the page's script, as the browser sends it. */
    public java.net.http.HttpResponse<String> awaitStatus(boolean pushFailed) {
        return browser.fetch(waitUrl(pushFailed));
    }

    /** What the page's script does: ask again and again (each question held by the server), submit once the phone answered. */
    public Browser.Result waitLikeThePage() {
        boolean pushFailed = false;
        while (true) {
            java.net.http.HttpResponse<String> answer = awaitStatus(pushFailed);
            if (answer.statusCode() != 200) {
                throw new AssertionError("the status endpoint refused the page: HTTP " + answer.statusCode() + " " + answer.body());
            }
            if (!answer.body().contains("\"pending\"")) {
                return check();
            }
            pushFailed = answer.body().contains("\"push_failed\":true");
        }
    }

    public Browser.Result result() {
        return page;
    }
}
