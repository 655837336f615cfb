package fr.idnum.e2e.support;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The parameters of a query string or fragment, decoded. */
public final class QueryString {

    private QueryString() {
    }

    public static Map<String, String> parse(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            parameters.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return parameters;
    }

    /**
     * {@code uri} with parameter {@code name} set to {@code value} (encoded here): replaced where the query has it,
     * added at the end otherwise.
     */
    public static URI with(URI uri, String name, String value) {
        return withRaw(uri, name, URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    /** As {@link #with}, {@code rawValue} taken as already encoded. */
    public static URI withRaw(URI uri, String name, String rawValue) {
        String text = uri.toString();
        int q = text.indexOf('?');
        String query = q < 0 ? "" : text.substring(q + 1);
        String replaced = query.replaceAll("(^|&)" + java.util.regex.Pattern.quote(name) + "=[^&]*",
                "$1" + java.util.regex.Matcher.quoteReplacement(name + "=" + rawValue));
        if (replaced.equals(query) && !query.matches("(^|.*&)" + java.util.regex.Pattern.quote(name) + "=.*")) {
            replaced = query.isEmpty() ? name + "=" + rawValue : query + "&" + name + "=" + rawValue;
        }
        return URI.create((q < 0 ? text : text.substring(0, q)) + "?" + replaced);
    }
}
