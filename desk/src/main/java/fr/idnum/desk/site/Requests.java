package fr.idnum.desk.site;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.nimbusds.oauth2.sdk.util.URLUtils;
import com.sun.net.httpserver.HttpExchange;

/** Reading a request (cookies, query, form body) and the plain answers (redirect, method not allowed). */
final class Requests {

    /** More than any form of the desk sends; a larger body is cut, and its fields are then missing. */
    private static final int MAX_FORM = 16 * 1024;

    private Requests() {
    }

    static Map<String, String> form(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readNBytes(MAX_FORM), StandardCharsets.UTF_8);
        return first(URLUtils.parseParameters(body));
    }

    static Map<String, String> query(HttpExchange exchange) {
        return first(URLUtils.parseParameters(exchange.getRequestURI().getRawQuery()));
    }

    private static Map<String, String> first(Map<String, List<String>> parameters) {
        return parameters.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get(0)));
    }

    static String cookie(HttpExchange exchange, String name) {
        for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String pair : header.split(";")) {
                String[] parts = pair.trim().split("=", 2);
                if (parts.length == 2 && parts[0].equals(name)) {
                    return parts[1];
                }
            }
        }
        return null;
    }

    static void redirect(HttpExchange exchange, URI location) throws IOException {
        exchange.getResponseHeaders().set("Location", location.toString());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(303, -1);
    }

    static void methodNotAllowed(HttpExchange exchange, String allowed) throws IOException {
        exchange.getResponseHeaders().set("Allow", allowed);
        exchange.sendResponseHeaders(405, -1);
    }
}
