package fr.idnum.e2e.support;

import java.net.URI;
import java.util.Map;

import org.jsoup.nodes.Document;

/** The citizen's side of an eidas1 login on our pages: identifier first, then password. */
public final class Login {

    public static final String LOGIN_FORM = "#kc-form-login";

    private Login() {
    }

    public static Browser.Result identifier(Browser browser, URI authorizationRequest, String username) {
        Browser.Result loginPage = browser.open(authorizationRequest);
        assertPage(loginPage, "username");
        return browser.submit(loginPage.page(), LOGIN_FORM, Map.of("username", username));
    }

    public static Browser.Result withPassword(Browser browser, URI authorizationRequest, String username, String password) {
        Browser.Result passwordPage = identifier(browser, authorizationRequest, username);
        assertPage(passwordPage, "password");
        return browser.submit(passwordPage.page(), LOGIN_FORM, Map.of("password", password));
    }

    public static void assertPage(Browser.Result result, String inputName) {
        if (result.leftKeycloak()) {
            throw new AssertionError("Expected the '" + inputName + "' page, was redirected to " + result.leftTo());
        }
        Document page = result.page();
        if (page.selectFirst("input[name=" + inputName + "]") == null) {
            throw new AssertionError("Expected an input '" + inputName + "' (HTTP " + result.status() + "):\n" + page.text());
        }
    }
}
