package fr.idnum.demorp.site;

/** HTML escaping for every value a page of ours writes (the demo service's and the agents' desk's). */
public final class Html {

    private Html() {
    }

    /** The text of {@code value} with the five characters that can break out of text or an attribute escaped. */
    public static String escape(Object value) {
        String text = String.valueOf(value);
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
}
