package fr.idnum.e2e.support;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import org.keycloak.testframework.mail.MailServer;

/** What Keycloak sent a citizen, read from the test framework's mail server as the citizen reads their mailbox. */
public final class Mailbox {

    private static final Pattern ACTION_LINK = Pattern.compile(
            Pattern.quote(TestEnvironment.ISSUER) + "/login-actions/action-token\\?[^\\s\"<>]+");

    private Mailbox() {
    }

    /** A message Keycloak sent: its subject and its plain-text body. */
    public record Mail(String subject, String text) {

        /** The link it carries (e-mail verification, password reset): Keycloak's action token. */
        public String actionLink() {
            Matcher link = ACTION_LINK.matcher(text);
            if (!link.find()) {
                throw new AssertionError("No action link in the message '" + subject + "':\n" + text);
            }
            return link.group();
        }
    }

    /** The last message to {@code address}, waiting for it up to 20 s. */
    public static Mail lastTo(MailServer server, String address) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            MimeMessage[] received = server.getReceivedMessages();
            for (int i = received.length - 1; i >= 0; i--) {
                if (isTo(received[i], address)) {
                    return read(received[i]);
                }
            }
            server.waitForIncomingEmail(1000, received.length + 1);
        }
        throw new AssertionError("No message to " + address);
    }

    /** How many messages {@code address} received so far. */
    public static long countTo(MailServer server, String address) {
        return Arrays.stream(server.getReceivedMessages()).filter(m -> isTo(m, address)).count();
    }

    private static boolean isTo(MimeMessage message, String address) {
        try {
            Address[] to = message.getAllRecipients();
            return to != null && Arrays.stream(to).anyMatch(a -> a.toString().equalsIgnoreCase(address));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Mail read(MimeMessage message) {
        try {
            return new Mail(message.getSubject(), text(message));
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(Part part) throws MessagingException, IOException {
        if (part.isMimeType("text/plain")) {
            return (String) part.getContent();
        }
        if (part.isMimeType("multipart/*")) {
            Multipart parts = (Multipart) part.getContent();
            for (int i = 0; i < parts.getCount(); i++) {
                BodyPart child = parts.getBodyPart(i);
                String text = text(child);
                if (text != null) {
                    return text;
                }
            }
        }
        return null;
    }
}
