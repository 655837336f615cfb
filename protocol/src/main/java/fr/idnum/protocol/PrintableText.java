package fr.idnum.protocol;

/**
 * What a string typed or sent by someone else may contain before it is stored, served back or logged by any of our
 * processes: no control character (C0, DEL, C1: NUL fails PostgreSQL, ESC and BEL drive terminals, CR LF forge log
 * lines) and no bidirectional embedding, override or isolate (U+202A–U+202E, U+2066–U+2069: a reason or a label
 * that reads other than it is), nor the Unicode line and paragraph separators. Both sides refuse the same thing:
 * the enrollment service for every string of its APIs, Keycloak's device API for the claims it keeps.
 */
public final class PrintableText {

    private PrintableText() {
    }

    /** True when {@code text} has none of the characters above (null and empty are printable: presence is another rule). */
    public static boolean isPrintable(CharSequence text) {
        if (text == null) {
            return true;
        }
        for (int i = 0; i < text.length(); i++) {
            if (isRefused(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code value} as it may go into a log line: each refused character written as {@code \}{@code uXXXX}, so the
     * line stays one line, the terminal reading it stays as it was, and the value can still be read.
     */
    public static String forLog(Object value) {
        String text = String.valueOf(value);
        if (isPrintable(text)) {
            return text;
        }
        StringBuilder safe = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isRefused(c)) {
                safe.append(String.format("\\u%04X", (int) c));
            } else {
                safe.append(c);
            }
        }
        return safe.toString();
    }

    private static boolean isRefused(char c) {
        return Character.isISOControl(c)
                || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069')
                || c == '\u2028' || c == '\u2029';
    }
}
