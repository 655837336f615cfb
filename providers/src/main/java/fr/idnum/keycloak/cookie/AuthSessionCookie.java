package fr.idnum.keycloak.cookie;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The shape of Keycloak's {@code AUTH_SESSION_ID} cookie, and a {@code Cookie} header without a value of that name
 * which cannot be one. Keycloak 26.7 sets it to the Base64url of {@code <id>.<signature>} (an auth session's id and
 * its HS512 signature), followed, in a cluster, by {@code .<route>} (the node's name, for sticky sessions: not checked
 * here, Keycloak only compares it); when a request carries a value whose first part is not Base64url, Keycloak logs it, raw, at
 * ERROR with the decoder's stack trace, and when the decoded id's signature cannot even be checked (not Base64url), it logs the decoded id
 * at ERROR ({@code AuthenticationSessionManager.decodeBase64AndValidateSignature}): a client could write what it
 * likes, control characters included, into Keycloak's log. A value Keycloak never sets is dropped here instead, and
 * Keycloak sees a request without that cookie, as from a new browser.
 */
final class AuthSessionCookie {

    /** Keycloak's name for it ({@code CookieType.AUTH_SESSION_ID}). */
    static final String NAME = "AUTH_SESSION_ID";
    /** Far beyond an id, a route and a signature (about 150 characters once encoded). */
    static final int MAX_LENGTH = 1_024;

    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+={0,2}");
    /** The decoded part: the id (a UUID or Base64url) and the signature (Base64url), both in a printable ASCII alphabet. */
    private static final Pattern DECODED = Pattern.compile("[A-Za-z0-9_.-]+\\.[A-Za-z0-9_=-]+");

    private AuthSessionCookie() {
    }

    /** True when Keycloak could have set {@code value}: its part before any route is a signed id, Base64url-encoded. */
    static boolean wellFormed(String value) {
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            return false;
        }
        int route = value.indexOf('.');
        String signedId = route < 0 ? value : value.substring(0, route);
        if (!BASE64URL.matcher(signedId).matches()) {
            return false;
        }
        byte[] decoded;
        try {
            decoded = Base64.getUrlDecoder().decode(signedId);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(decoded)).toString();
            return DECODED.matcher(text).matches();
        } catch (CharacterCodingException notUtf8) {
            return false;
        }
    }

    /**
     * The {@code Cookie} header {@code header} without any {@value #NAME} whose value is not {@link #wellFormed}; every
     * other cookie kept as sent, in order. The same string when there is nothing to drop; empty when nothing is left.
     */
    static String withoutMalformed(String header) {
        if (!header.contains(NAME)) {
            return header;
        }
        List<String> kept = new ArrayList<>();
        boolean dropped = false;
        for (String pair : header.split(";")) {
            String trimmed = pair.strip();
            int equals = trimmed.indexOf('=');
            if (equals > 0 && trimmed.substring(0, equals).strip().equals(NAME)
                    && !wellFormed(unquoted(trimmed.substring(equals + 1).strip()))) {
                dropped = true;
                continue;
            }
            if (!trimmed.isEmpty()) {
                kept.add(trimmed);
            }
        }
        return dropped ? String.join("; ", kept) : header;
    }

    private static String unquoted(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }
}
