package fr.idnum.demorp.site;

import java.util.List;
import java.util.Map;

import fr.idnum.demorp.signin.Level;
import fr.idnum.demorp.signin.SignInRefused;
import fr.idnum.demorp.signin.SignedIn;

/** The service's pages: home (the button and the level), the signed-in page (what was received), the refusals. */
final class Pages {

    private Pages() {
    }

    static Page home(Texts texts, boolean signedIn, boolean justLoggedOut) {
        Page page = new Page(texts, "home.title");
        if (justLoggedOut) {
            page.text("p", "class=\"status\" role=\"status\"", "home.loggedOut");
        }
        if (signedIn) {
            page.text("p", "", "home.signedIn");
            page.html("<p><a href=\"/compte\">" + Page.escape(texts.get("home.account")) + "</a></p>");
        }
        page.text("p", "", "home.intro");
        page.html("<form method=\"post\" action=\"/login\" class=\"sign-in\">");
        page.html("<fieldset><legend>" + Page.escape(texts.get("home.level.legend")) + "</legend>");
        for (Level level : List.of(Level.EIDAS1, Level.EIDAS2)) {
            String id = "level-" + level.acr();
            page.html("<div class=\"choice\"><input type=\"radio\" name=\"level\" id=\"" + id + "\" value=\"" + level.acr() + "\""
                    + (level == Level.EIDAS1 ? " checked" : "") + "> <label for=\"" + id + "\">"
                    + Page.escape(texts.get("home.level." + level.acr())) + "</label></div>");
        }
        page.html("</fieldset>");
        page.html("<button type=\"submit\" id=\"idnum-button\" class=\"idnum-button\"><span class=\"idnum-logo\" aria-hidden=\"true\">IN</span>"
                + "<span>" + Page.escape(texts.get("home.button")) + "</span></button>");
        return page.html("</form>");
    }

    static Page account(Texts texts, SignedIn signedIn) {
        Map<String, Object> claims = signedIn.claims().toJSONObject();
        Object name = claims.getOrDefault("given_name", claims.get("sub"));
        Object amr = claims.get("amr");
        Page page = new Page(texts, "account.title");
        page.text("p", "", "account.greeting", name);
        page.html("<p id=\"acr\">" + Page.escape(texts.get("account.level", signedIn.acr(), signedIn.requested().acr())) + "</p>");
        page.html("<p id=\"amr\">" + Page.escape(texts.get("account.amr", amr instanceof List<?> list ? String.join(" ",
                list.stream().map(String::valueOf).toList()) : String.valueOf(amr))) + "</p>");
        page.text("p", "", "account.checks");
        page.html("<form method=\"post\" action=\"/logout\"><button type=\"submit\" id=\"logout\">"
                + Page.escape(texts.get("account.logout")) + "</button></form>");
        table(page, texts, "id-token-claims", "account.idToken", claims);
        if (!signedIn.userInfo().isEmpty()) {
            table(page, texts, "userinfo-claims", "account.userInfo", signedIn.userInfo());
        }
        return page;
    }

    static Page notSignedIn(Texts texts) {
        return new Page(texts, "account.notSignedIn")
                .html("<p><a href=\"/\">" + Page.escape(texts.get("account.home")) + "</a></p>");
    }

    static Page refused(Texts texts, SignInRefused refusal) {
        Page page = new Page(texts, "refused.title");
        page.text("p", "", "refused.intro");
        page.text("p", "id=\"refusal-reason\"", "refused." + refusal.reason().key());
        if (refusal.providerError() != null) {
            page.text("p", "", "refused.code", refusal.providerError());
        }
        return page.html("<p><a href=\"/\">" + Page.escape(texts.get("refused.retry")) + "</a></p>");
    }

    static Page unavailable(Texts texts) {
        return new Page(texts, "unavailable.title").text("p", "", "unavailable.intro")
                .html("<p><a href=\"/\">" + Page.escape(texts.get("account.home")) + "</a></p>");
    }

    static Page notFound(Texts texts) {
        return new Page(texts, "notFound.title")
                .html("<p><a href=\"/\">" + Page.escape(texts.get("account.home")) + "</a></p>");
    }

    private static void table(Page page, Texts texts, String id, String captionKey, Map<String, Object> values) {
        page.html("<table id=\"" + id + "\"><caption>" + Page.escape(texts.get(captionKey)) + "</caption>");
        page.html("<thead><tr><th scope=\"col\">" + Page.escape(texts.get("account.claim")) + "</th><th scope=\"col\">"
                + Page.escape(texts.get("account.value")) + "</th></tr></thead><tbody>");
        values.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(claim -> page.html(
                "<tr><th scope=\"row\"><code>" + Page.escape(claim.getKey()) + "</code></th><td><code>"
                        + Page.escape(claim.getValue()) + "</code></td></tr>"));
        page.html("</tbody></table>");
    }
}
