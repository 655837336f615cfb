package fr.idnum.enrollment.messaging;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo SMS outbox as a page a person reads (the run command prints its address): newest first, the 6-digit code
 * of each SMS set apart, in French. Scripts and tests read the same list as JSON; this is only its human view.
 */
final class DemoOutboxPage {

    /** The page's only style, allowed by its hash: no inline style attribute, no script. */
    private static final String STYLE = "body{font-family:system-ui,sans-serif;margin:1.5rem;color:#161616}"
            + "table{border-collapse:collapse;width:100%}th,td{border:1px solid #929292;padding:.5rem;text-align:left;"
            + "vertical-align:top}.code{font-size:1.5rem;font-weight:bold;letter-spacing:.15em;white-space:nowrap}"
            + "a{color:#000091}";

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'sha256-" + sha256(STYLE)
            + "'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final Pattern CODE = Pattern.compile("\\b[0-9]{6}\\b");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMMM yyyy 'à' HH:mm:ss", Locale.FRENCH)
            .withZone(ZoneId.of("Europe/Paris"));

    private DemoOutboxPage() {
    }

    /** The page for {@code messages}, all of them or (when {@code to} is given) those sent to one number. */
    static String sms(List<DemoOutboxResource.OutboxSms> messages, String to) {
        StringBuilder page = new StringBuilder(1024 + messages.size() * 256);
        String title = to == null ? "SMS de démonstration" : "SMS de démonstration envoyés au " + escape(to);
        page.append("<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(title).append(" — Identité Numérique</title>\n")
                .append("<style>").append(STYLE).append("</style>\n</head>\n<body>\n<main>\n")
                .append("<h1>").append(title).append("</h1>\n")
                .append("<p>Les SMS que le service d'inscription aurait envoyés (démonstration : aucun ne part vraiment), ")
                .append("le plus récent en premier. <a href=\"\">Rafraîchir la page</a> pour voir les nouveaux.</p>\n");
        if (messages.isEmpty()) {
            page.append("<p>Aucun SMS pour le moment.</p>\n");
        } else {
            page.append("<table>\n<caption>").append(messages.size()).append(" SMS")
                    .append(", du plus récent au plus ancien</caption>\n")
                    .append("<thead><tr><th scope=\"col\">Envoyé le</th><th scope=\"col\">Destinataire</th>")
                    .append("<th scope=\"col\">Code</th><th scope=\"col\">Message</th></tr></thead>\n<tbody>\n");
            messages.stream().sorted(Comparator.comparing(DemoOutboxResource.OutboxSms::at).reversed()).forEach(sms -> page
                    .append("<tr><td>").append(WHEN.format(sms.at())).append("</td><td>").append(escape(sms.to()))
                    .append("</td><td class=\"code\">").append(escape(codeIn(sms.text())))
                    .append("</td><td>").append(escape(sms.text())).append("</td></tr>\n"));
            page.append("</tbody>\n</table>\n");
        }
        return page.append("</main>\n</body>\n</html>\n").toString();
    }

    private static String codeIn(String text) {
        Matcher code = CODE.matcher(text == null ? "" : text);
        return code.find() ? code.group() : "—";
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
