package fr.idnum.simulator.http;

import java.net.http.HttpHeaders;
import java.text.ParseException;
import java.util.Map;
import java.util.Optional;

import com.nimbusds.jose.util.JSONObjectUtils;

/** An answer as received: status, headers and body, so tests can assert on what the server really said. */
public record HttpReply(int status, HttpHeaders headers, String body) {

    public Optional<String> contentType() {
        return headers.firstValue("Content-Type");
    }

    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    public boolean isProblem() {
        return contentType().map(type -> type.startsWith(Problem.MEDIA_TYPE)).orElse(false);
    }

    /** The body as a JSON object; fails loudly when it is not one. */
    public Map<String, Object> json() {
        try {
            return JSONObjectUtils.parse(body);
        } catch (ParseException e) {
            throw new IllegalStateException("HTTP " + status + ": the body is not a JSON object: " + Problem.excerpt(body), e);
        }
    }

    /** The RFC 9457 problem of an error answer (synthesised from the status when the server sent none). */
    public Problem problem() {
        return Problem.of(this);
    }
}
