package fr.idnum.demorp.site;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpExchange;

/**
 * One HTML page of the service: the common frame (language, skip link, header with the service's name and the
 * language switch, the demo notice) around a main part, every value escaped on the way in.
 */
final class Page {

    private final Texts texts;
    private final String title;
    private final StringBuilder main = new StringBuilder();

    Page(Texts texts, String titleKey) {
        this.texts = texts;
        this.title = texts.get(titleKey);
    }

    static String escape(Object value) {
        return Html.escape(value);
    }

    /** Markup written by the site itself; values must go through {@link #escape} or {@link #text}. */
    Page html(String markup) {
        main.append(markup).append('\n');
        return this;
    }

    /** {@code <tag attributes>text</tag>}, the text from the bundle and escaped. */
    Page text(String tag, String attributes, String key, Object... values) {
        return html("<" + tag + (attributes.isEmpty() ? "" : " " + attributes) + ">" + escape(texts.get(key, values)) + "</" + tag + ">");
    }

    String render() {
        String lang = texts.locale().getLanguage();
        String other = texts.get("language.switch.lang");
        return """
                <!DOCTYPE html>
                <html lang="%s">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s – %s</title>
                <link rel="stylesheet" href="/assets/demo-rp.css">
                </head>
                <body>
                <a class="skip" href="#main">%s</a>
                <header>
                <p class="service-name">%s</p>
                <a href="/?lang=%s" lang="%s" hreflang="%s">%s</a>
                </header>
                <p class="notice">%s</p>
                <main id="main" tabindex="-1">
                <h1>%s</h1>
                %s</main>
                </body>
                </html>
                """.formatted(lang, escape(title), escape(texts.get("service.name")), escape(texts.get("skip")),
                escape(texts.get("service.name")), other, other, other, escape(texts.get("language.switch")),
                escape(texts.get("service.notice")), escape(title), main);
    }

    /** Sends the page; forms may go to this site and, through its redirects, to {@code providerOrigin} only. */
    void send(HttpExchange exchange, int status, String providerOrigin) throws IOException {
        byte[] body = render().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("Content-Security-Policy",
                "default-src 'self'; frame-ancestors 'none'; form-action 'self' " + providerOrigin);
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
