package fr.idnum.keycloak.form;

import java.util.Optional;

/**
 * What an {@code application/x-www-form-urlencoded} body must be before Keycloak's form parser reads it: every
 * {@code %} followed by two hex digits (the parser throws on anything else, and Keycloak answers that with a 500),
 * no NUL once decoded (PostgreSQL refuses it in the first query that carries it, another 500), and, for a body in
 * UTF-8, well-formed UTF-8 once decoded (RFC 3629: no stray continuation byte, no overlong form, no surrogate,
 * nothing above U+10FFFF; the parser would silently turn it into U+FFFD).
 *
 * <p>One pass over the raw bytes. Other control characters are left to each endpoint: a form
 * legitimately carries TAB, CR and LF (a textarea, a SAML message in base64 with line breaks), and our log lines
 * escape them ({@code PrintableText.forLog}).
 */
public final class UrlEncodedForm {

    /** Why a body is refused; {@link #description} is sent to the client and says nothing of the body itself. */
    public enum Defect {
        BAD_PERCENT_ESCAPE("A '%' in the form body is not followed by two hexadecimal digits."),
        NOT_UTF8("The form body, once percent-decoded, is not well-formed UTF-8."),
        NUL("The form body holds a NUL character (%00)."),
        UNSUPPORTED_CHARSET("The form body's charset is not supported.");

        private final String description;

        Defect(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    private UrlEncodedForm() {
    }

    /**
     * The first defect of {@code body[0..length)}, or empty when the form may be parsed. {@code utf8}: check the
     * decoded bytes as UTF-8 (the body declares no other charset); escapes and NUL are checked in any case.
     */
    public static Optional<Defect> defectOf(byte[] body, int length, boolean utf8) {
        Utf8 decoded = new Utf8();
        int i = 0;
        while (i < length) {
            int b = body[i] & 0xFF;
            if (b == '%') {
                int high = i + 1 < length ? hexValue(body[i + 1]) : -1;
                int low = i + 2 < length ? hexValue(body[i + 2]) : -1;
                if (high < 0 || low < 0) {
                    return Optional.of(Defect.BAD_PERCENT_ESCAPE);
                }
                b = high << 4 | low;
                i += 3;
            } else {
                i++; // '+' (a space), '&' and '=' are ASCII like any other literal byte
            }
            if (b == 0) {
                return Optional.of(Defect.NUL);
            }
            if (utf8 && !decoded.accept(b)) {
                return Optional.of(Defect.NOT_UTF8);
            }
        }
        return utf8 && !decoded.complete() ? Optional.of(Defect.NOT_UTF8) : Optional.empty();
    }

    private static int hexValue(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    /**
     * The well-formed byte sequences of RFC 3629, section 4, fed one decoded byte at a time. A literal {@code &} or
     * {@code =} inside a sequence is refused like any ASCII byte there: no name or value may end mid-character.
     */
    private static final class Utf8 {

        private int continuations;
        private int low = 0x80;
        private int high = 0xBF;

        boolean accept(int b) {
            if (continuations > 0) {
                if (b < low || b > high) {
                    return false;
                }
                continuations--;
                low = 0x80;
                high = 0xBF;
                return true;
            }
            if (b < 0x80) {
                return true;
            }
            if (b >= 0xC2 && b <= 0xDF) {
                continuations = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                continuations = 2;
                if (b == 0xE0) {
                    low = 0xA0; // overlong
                } else if (b == 0xED) {
                    high = 0x9F; // UTF-16 surrogates
                }
            } else if (b >= 0xF0 && b <= 0xF4) {
                continuations = 3;
                if (b == 0xF0) {
                    low = 0x90; // overlong
                } else if (b == 0xF4) {
                    high = 0x8F; // above U+10FFFF
                }
            } else {
                return false; // a continuation byte first, C0/C1 (overlong), F5..FF
            }
            return true;
        }

        boolean complete() {
            return continuations == 0;
        }
    }
}
