package fr.idnum.simulator.http;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * An RFC 9457 refusal as the enrollment service and the device API answer it. Extension members (the device
 * API's {@code violation}, {@code attempts_left}) stay reachable through {@link #member(String)}.
 */
public record Problem(int status, String type, String title, String detail, List<FieldError> errors,
                      Map<String, Object> members) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One refused field of a request body. */
    public record FieldError(String field, String message) {
    }

    public Problem {
        errors = List.copyOf(errors);
        members = Map.copyOf(members);
    }

    public Optional<Object> member(String name) {
        return Optional.ofNullable(members.get(name));
    }

    /** "Title: detail (HTTP 400)", plus the refused fields: what the CLI prints and exceptions say. */
    public String summary() {
        StringBuilder text = new StringBuilder(title == null ? "HTTP " + status : title);
        if (detail != null && !detail.isBlank()) {
            text.append(": ").append(detail);
        }
        text.append(" (HTTP ").append(status).append(')');
        errors.forEach(error -> text.append("\n  ").append(error.field()).append(' ').append(error.message()));
        return text.toString();
    }

    static Problem of(HttpReply reply) {
        if (reply.isProblem()) {
            try {
                return parse(reply.status(), JSONObjectUtils.parse(reply.body()));
            } catch (ParseException e) {
                // An unreadable problem is still a refusal: fall through and report it by its status.
            }
        }
        return new Problem(reply.status(), null, "HTTP " + reply.status(), excerpt(reply.body()), List.of(), Map.of());
    }

    private static Problem parse(int status, Map<String, Object> json) {
        List<FieldError> errors = new ArrayList<>();
        if (json.get("errors") instanceof List<?> list) {
            for (Object entry : list) {
                if (entry instanceof Map<?, ?> error) {
                    errors.add(new FieldError(String.valueOf(error.get("field")), String.valueOf(error.get("message"))));
                }
            }
        }
        Map<String, Object> members = new java.util.HashMap<>(json);
        members.values().removeIf(java.util.Objects::isNull);
        int declared = json.get("status") instanceof Number number ? number.intValue() : status;
        return new Problem(declared, text(json, "type"), text(json, "title"), text(json, "detail"), errors, members);
    }

    private static String text(Map<String, Object> json, String name) {
        Object value = json.get(name);
        return value == null ? null : value.toString();
    }

    static String excerpt(String body) {
        if (body == null) {
            return "";
        }
        String flat = body.replaceAll("\\s+", " ").trim();
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }
}
