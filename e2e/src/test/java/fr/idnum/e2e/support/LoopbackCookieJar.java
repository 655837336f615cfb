package fr.idnum.e2e.support;

import java.net.CookieHandler;
import java.net.HttpCookie;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Cookies as a browser keeps them for http://localhost, which browsers treat as a secure context: unlike
 * {@link java.net.CookieManager}, cookies marked {@code Secure} (Keycloak marks its {@code SameSite=None}
 * session cookies so) are sent back over plain HTTP to the loopback host.
 */
final class LoopbackCookieJar extends CookieHandler {

    private final Map<String, HttpCookie> cookies = new ConcurrentHashMap<>();

    @Override
    public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) {
        String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
        String header = cookies.values().stream()
                .filter(c -> !c.hasExpired())
                .filter(c -> path.startsWith(c.getPath()))
                .map(c -> c.getName() + "=" + c.getValue())
                .collect(Collectors.joining("; "));
        return header.isEmpty() ? Map.of() : Map.of("Cookie", List.of(header));
    }

    @Override
    public void put(URI uri, Map<String, List<String>> responseHeaders) {
        responseHeaders.forEach((name, values) -> {
            if (name != null && name.equalsIgnoreCase("Set-Cookie")) {
                values.forEach(value -> store(uri, value));
            }
        });
    }

    private void store(URI uri, String setCookie) {
        for (HttpCookie cookie : HttpCookie.parse(setCookie)) {
            if (cookie.getPath() == null) {
                String path = uri.getPath();
                cookie.setPath(path == null || path.lastIndexOf('/') <= 0 ? "/" : path.substring(0, path.lastIndexOf('/')));
            }
            String key = cookie.getName() + "|" + cookie.getPath();
            if (cookie.hasExpired() || cookie.getMaxAge() == 0) {
                cookies.remove(key);
            } else {
                cookies.put(key, cookie);
            }
        }
    }
}
