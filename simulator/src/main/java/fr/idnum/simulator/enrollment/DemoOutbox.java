package fr.idnum.simulator.enrollment;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.util.JSONArrayUtils;

import fr.idnum.simulator.http.Http;
import fr.idnum.simulator.http.HttpReply;

/**
 * What the enrollment service's recording stand-ins would have sent, read from its demo outbox
 * ({@code /api/v1/demo/outbox/...}, present in the demo profile of the run command and in the end-to-end tests,
 * absent in production): where a simulated citizen finds the SMS code, the activation code, and the push that
 * would have woken the phone. Codes are returned, never logged.
 */
public final class DemoOutbox {

    public static final String PATH = "/api/v1/demo/outbox/";
    private static final Pattern CODE = Pattern.compile("\\b([0-9]{6})\\b");

    private final URI base;
    private final Http http;

    public DemoOutbox(URI enrollmentService, Http http) {
        String text = enrollmentService.toString();
        this.base = URI.create((text.endsWith("/") ? text.substring(0, text.length() - 1) : text) + PATH);
        this.http = http;
    }

    /** The 6-digit code of the last SMS to this number (national or E.164 form). */
    public String lastSmsCode(String mobilePhone) {
        return lastCode(read("sms", "to", mobilePhone), "text", "SMS");
    }

    /** The activation code of the last registered electronic letter to this address. */
    public String lastRegisteredLetterCode(String email) {
        return lastCode(read("registered-letter", "to", email), "text", "registered letter");
    }

    /** The challenge id of the last push sent to this registration token, if any was. */
    public Optional<String> lastPushChallenge(String pushToken) {
        List<Map<String, Object>> pushes = read("push", "to", pushToken);
        return pushes.isEmpty() ? Optional.empty() : Optional.ofNullable((String) pushes.get(pushes.size() - 1).get("challengeId"));
    }

    /** A push the stand-in recorded: its sequence number (from 1), the registration token, the challenge. */
    public record Push(long sequence, String to, String challengeId) {
    }

    /**
     * The pushes recorded after the one numbered {@code sequence} (0: all), oldest first: what a reader watching every
     * push (one for many phones) asks for next, with the last sequence number it saw.
     */
    public List<Push> pushesAfter(long sequence) {
        return read("push", "after", Long.toString(sequence)).stream()
                .map(p -> new Push(((Number) p.get("sequence")).longValue(), (String) p.get("to"), (String) p.get("challengeId")))
                .toList();
    }

    /** How many pushes went to this registration token. */
    public int pushCount(String pushToken) {
        return read("push", "to", pushToken).size();
    }

    private static String lastCode(List<Map<String, Object>> messages, String field, String what) {
        if (messages.isEmpty()) {
            throw new IllegalStateException("No " + what + " in the demo outbox");
        }
        Matcher code = CODE.matcher(String.valueOf(messages.get(messages.size() - 1).get(field)));
        if (!code.find()) {
            throw new IllegalStateException("No code in the last " + what + " of the demo outbox");
        }
        return code.group(1);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> read(String channel, String parameter, String value) {
        HttpReply reply = http.get(URI.create(base + channel + "?" + parameter + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)), null);
        if (reply.status() != 200) {
            throw new IllegalStateException("The demo outbox (" + channel + ") answered HTTP " + reply.status()
                    + ": is the enrollment service running its demo profile?");
        }
        try {
            return (List<Map<String, Object>>) (List<?>) JSONArrayUtils.parse(reply.body());
        } catch (ParseException e) {
            throw new IllegalStateException("The demo outbox (" + channel + ") answered no JSON array", e);
        }
    }
}
