package fr.idnum.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads what the enrollment service's recording stand-ins would have sent, through its demo outbox
 * ({@code /api/v1/demo/outbox/...}): the only place an end-to-end test can get the SMS and activation codes
 * a citizen would have received.
 */
public final class EnrollmentOutbox {

    private static final Pattern CODE = Pattern.compile("\\b([0-9]{6})\\b");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An SMS the service would have sent. */
    public record Sms(Instant at, String to, String text) {

        public String code() {
            return codeIn(text);
        }
    }

    /** An e-mail the service would have sent. */
    public record Mail(Instant at, String to, String subject, String body) {

        public String code() {
            return codeIn(body);
        }
    }

    /** A letter the service would have posted (to the verified address), under its enrollment's id. */
    public record Letter(Instant at, String reference, String recipient, String line1, String postalCode, String city, String text) {

        public String code() {
            return codeIn(text);
        }
    }

    /** A registered electronic letter: to which address, whom the provider would identify, and what it says. */
    public record RegisteredLetter(Instant at, String reference, String to, String givenNames, String birthName, String text) {

        public String code() {
            return codeIn(text);
        }
    }

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    EnrollmentOutbox(String serviceUrl) {
        this.base = serviceUrl + "/api/v1/demo/outbox/";
    }

    /** Every SMS sent to this number (E.164), oldest first. */
    public List<Sms> smsTo(String e164) {
        return read("sms", e164).stream()
                .map(m -> new Sms(Instant.parse(m.get("at")), m.get("to"), m.get("text"))).toList();
    }

    /** Every e-mail sent to this address, oldest first. */
    public List<Mail> mailTo(String email) {
        return read("mail", email).stream()
                .map(m -> new Mail(Instant.parse(m.get("at")), m.get("to"), m.get("subject"), m.get("body"))).toList();
    }

    /** Every registered electronic letter sent to this address, oldest first. */
    public List<RegisteredLetter> registeredLettersTo(String email) {
        return read("registered-letter", email).stream()
                .map(m -> new RegisteredLetter(Instant.parse(m.get("at")), m.get("reference"), m.get("to"), m.get("givenNames"),
                        m.get("birthName"), m.get("text"))).toList();
    }

    /** Every letter posted for this enrollment, oldest first. */
    public List<Letter> lettersFor(String enrollmentId) {
        return read("letter", "reference", enrollmentId).stream()
                .map(m -> new Letter(Instant.parse(m.get("at")), m.get("reference"), m.get("recipient"), m.get("line1"),
                        m.get("postalCode"), m.get("city"), m.get("text"))).toList();
    }

    /** A push the FCM stand-in got: to which token, for which challenge, and what it answered ({@code DELIVERED}...). */
    public record Push(Instant at, String to, String challengeId, String outcome) {
    }

    /** Every push sent to this registration token, oldest first. */
    public List<Push> pushesTo(String token) {
        return read("push", token).stream()
                .map(m -> new Push(Instant.parse(m.get("at")), m.get("to"), m.get("challengeId"), m.get("outcome"))).toList();
    }

    /** The 6-digit code in a message's text (SMS code, activation code). */
    public static String codeIn(String text) {
        Matcher m = CODE.matcher(text);
        if (!m.find()) {
            throw new AssertionError("No 6-digit code in the message");
        }
        return m.group(1);
    }

    private List<Map<String, String>> read(String channel, String to) {
        return read(channel, "to", to);
    }

    private List<Map<String, String>> read(String channel, String parameter, String value) {
        URI uri = URI.create(base + channel + "?" + parameter + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("The " + channel + " outbox answered HTTP " + response.statusCode()
                        + " (is the channel a recording stand-in?): " + response.body());
            }
            return JSON.readValue(response.body(), new TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
