package fr.idnum.desk.site;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.sun.net.httpserver.HttpExchange;

import fr.idnum.demorp.site.Html;
import fr.idnum.desk.signin.StaffMember;

/**
 * One HTML page of the desk: the common frame (lang="fr", skip link, header with the desk's name, the menu of the
 * signed-in person's spaces and the logout button, the notice) around a main part, every value escaped on the way
 * in. Every form the desk writes carries the session's CSRF token ({@link #csrfField}).
 */
final class Page {

    private final Texts texts;
    private final String title;
    private final String csrfToken;
    private final StaffMember staff;
    private final StringBuilder main = new StringBuilder();
    private String refreshTo;

    /** A page for a session ({@code csrfToken} and {@code staff} may be null: no form, no menu). */
    Page(Texts texts, String titleKey, String csrfToken, StaffMember staff) {
        this.texts = texts;
        this.title = texts.get(titleKey);
        this.csrfToken = csrfToken;
        this.staff = staff;
    }

    static String escape(Object value) {
        return Html.escape(value);
    }

    Texts texts() {
        return texts;
    }

    /** Markup written by the desk itself; values must go through {@link #escape} or {@link #text}. */
    Page html(String markup) {
        main.append(markup).append('\n');
        return this;
    }

    /** {@code <tag attributes>text</tag>}, the text from the bundle and escaped. */
    Page text(String tag, String attributes, String key, Object... values) {
        return html("<" + tag + (attributes.isEmpty() ? "" : " " + attributes) + ">" + escape(texts.get(key, values)) + "</" + tag + ">");
    }

    /** The hidden field every form posts; without a session there is no token and no form should be written. */
    String csrfField() {
        if (csrfToken == null) {
            throw new IllegalStateException("a form on a page without a session");
        }
        return "<input type=\"hidden\" name=\"csrf\" value=\"" + escape(csrfToken) + "\">";
    }

    /** A status message read out by screen readers when the page appears. */
    Page status(String id, String text) {
        return html("<p class=\"status\" role=\"status\" id=\"" + id + "\">" + escape(text) + "</p>");
    }

    /** An error summary: the first sentence as the alert, the others below it. */
    Page alert(String id, List<String> lines) {
        html("<div class=\"alert\" role=\"alert\" id=\"" + id + "\">");
        for (String line : lines) {
            html("<p>" + escape(line) + "</p>");
        }
        return html("</div>");
    }

    /** Makes the browser load {@code path} of the desk at once (a same-site navigation: the Strict cookie goes). */
    Page refreshTo(String path) {
        this.refreshTo = path;
        return this;
    }

    String render() {
        StringBuilder header = new StringBuilder();
        if (staff != null && csrfToken != null) {
            header.append("<nav aria-label=\"").append(escape(texts.get("nav.label"))).append("\"><ul>");
            if (staff.isAgent()) {
                header.append("<li><a href=\"/guichet\">").append(escape(texts.get("nav.agent"))).append("</a></li>");
            }
            if (staff.isOperator()) {
                header.append("<li><a href=\"/operateur\">").append(escape(texts.get("nav.operator"))).append("</a></li>");
            }
            header.append("</ul></nav><form method=\"post\" action=\"/deconnexion\" class=\"logout\">").append(csrfField())
                    .append("<button type=\"submit\" id=\"logout\">").append(escape(texts.get("nav.logout"))).append("</button></form>");
        }
        return """
                <!DOCTYPE html>
                <html lang="fr">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                %s<title>%s – %s</title>
                <link rel="stylesheet" href="/assets/desk.css">
                </head>
                <body>
                <a class="skip" href="#main">%s</a>
                <header>
                <p class="desk-name">%s</p>
                %s
                </header>
                <p class="notice">%s</p>
                <main id="main" tabindex="-1">
                <h1>%s</h1>
                %s</main>
                </body>
                </html>
                """.formatted(refreshTo == null ? "" : "<meta http-equiv=\"refresh\" content=\"0;url=" + escape(refreshTo) + "\">\n",
                escape(title), escape(texts.get("desk.name")), escape(texts.get("skip")), escape(texts.get("desk.name")), header,
                escape(texts.get("desk.notice")), escape(title), main);
    }

    /**
     * Sends the page with a strict policy: no script at all, styles from the desk only, forms to the desk and,
     * through its redirects, to the realm ({@code providerOrigin}) only, never framed.
     */
    void send(HttpExchange exchange, int status, String providerOrigin) throws IOException {
        byte[] body = render().getBytes(StandardCharsets.UTF_8);
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "text/html; charset=utf-8");
        headers.set("Cache-Control", "no-store");
        headers.set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; "
                + "frame-ancestors 'none'; form-action 'self' " + providerOrigin);
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
