import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Address;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

/**
 * The run command's mail catcher, for development only: a real SMTP server (GreenMail, from Maven Central) that
 * keeps every message Keycloak sends (address proof, forgotten password) and a page that shows them, newest
 * first, with their links clickable. Nothing leaves the machine; everything is forgotten when it stops.
 *
 * <pre>java -cp greenmail-standalone.jar bin/mailbox/Mailbox.java SMTP_PORT PAGE_PORT</pre>
 *
 * Both listen on 127.0.0.1 only.
 */
public final class Mailbox {

    private static final Pattern LINK = Pattern.compile("https?://[^\\s<>\"]+");

    public static void main(String[] args) throws IOException {
        int smtpPort = Integer.parseInt(args[0]);
        int pagePort = Integer.parseInt(args[1]);
        GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        smtp.start();
        HttpServer page = HttpServer.create(new InetSocketAddress("127.0.0.1", pagePort), 0);
        page.createContext("/", exchange -> answer(exchange, smtp));
        page.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            page.stop(0);
            smtp.stop();
        }));
        System.out.printf("mailbox: SMTP on 127.0.0.1:%d, messages at http://localhost:%d/%n", smtpPort, pagePort);
    }

    private static void answer(HttpExchange exchange, GreenMail smtp) throws IOException {
        byte[] body;
        int status = 200;
        if (!"/".equals(exchange.getRequestURI().getPath())) {
            status = 404;
            body = "Not found".getBytes(StandardCharsets.UTF_8);
        } else {
            body = render(smtp.getReceivedMessages()).getBytes(StandardCharsets.UTF_8);
        }
        exchange.getResponseHeaders().set("Content-Type", status == 200 ? "text/html; charset=utf-8" : "text/plain");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String render(MimeMessage[] received) {
        List<MimeMessage> messages = new ArrayList<>(Arrays.asList(received));
        Collections.reverse(messages);
        StringBuilder html = new StringBuilder("""
                <!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Boîte aux lettres (démo)</title>
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <style>body{font-family:sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;color:#1b1b1b}
                article{border:1px solid #767676;border-radius:4px;padding:.5rem 1rem;margin:1rem 0}
                pre{white-space:pre-wrap;word-break:break-all}a{color:#000091}</style></head><body>
                <h1>Boîte aux lettres de démonstration</h1>
                <p>Les messages envoyés par Keycloak (confirmation d’adresse, mot de passe oublié), du plus récent au plus ancien.
                Rechargez la page pour voir les nouveaux. Rien n’est envoyé hors de cette machine.</p>
                """);
        if (messages.isEmpty()) {
            html.append("<p>Aucun message pour l’instant.</p>");
        }
        SimpleDateFormat format = new SimpleDateFormat("yyyy-MM-dd HH:mm:ss");
        for (MimeMessage message : messages) {
            try {
                html.append("<article><h2>").append(escape(message.getSubject())).append("</h2><p>À : ")
                        .append(escape(recipients(message))).append(" — ")
                        .append(message.getSentDate() == null ? "" : format.format(message.getSentDate()))
                        .append("</p><pre>").append(linkify(escape(String.valueOf(text(message))))).append("</pre></article>");
            } catch (Exception unreadable) {
                html.append("<article><p>Message illisible : ").append(escape(unreadable.toString())).append("</p></article>");
            }
        }
        return html.append("</body></html>").toString();
    }

    private static String recipients(MimeMessage message) throws Exception {
        Address[] to = message.getAllRecipients();
        return to == null ? "" : String.join(", ", Arrays.stream(to).map(Address::toString).toList());
    }

    /** The plain-text part (Keycloak sends text and HTML alternatives). */
    private static String text(Part part) throws Exception {
        if (part.isMimeType("text/plain")) {
            return (String) part.getContent();
        }
        if (part.isMimeType("multipart/*")) {
            Multipart parts = (Multipart) part.getContent();
            for (int i = 0; i < parts.getCount(); i++) {
                String text = text(parts.getBodyPart(i));
                if (text != null) {
                    return text;
                }
            }
        }
        return null;
    }

    private static String linkify(String escaped) {
        Matcher link = LINK.matcher(escaped);
        return link.replaceAll(found -> "<a href=\"" + found.group() + "\">" + found.group() + "</a>");
    }

    private static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
