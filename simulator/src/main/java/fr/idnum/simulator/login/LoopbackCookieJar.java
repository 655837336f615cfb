package fr.idnum.simulator.login;

import java.net.CookieHandler;
import java.net.HttpCookie;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Cookies as a browser keeps them, including for http://localhost, which browsers treat as a secure context:
 * unlike {@link java.net.CookieManager}, cookies marked {@code Secure} (Keycloak marks its
 * {@code SameSite=None} session cookies so) are sent back over plain HTTP to the loopback host — without that
 * the login session is lost between the identifier and the password page. Elsewhere {@code Secure} is honoured.
 */
public final class LoopbackCookieJar extends CookieHandler {

    private final Map<String, HttpCookie> cookies = new ConcurrentHashMap<>();

    @Override
    public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) {
        String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
        boolean secureContext = "https".equalsIgnoreCase(uri.getScheme()) || isLoopback(uri.getHost());
        String header = cookies.values().stream()
                .filter(c -> !c.hasExpired())
                .filter(c -> HttpCookie.domainMatches(c.getDomain(), uri.getHost()) || c.getDomain().equalsIgnoreCase(uri.getHost()))
                .filter(c -> path.startsWith(c.getPath()))
                .filter(c -> !c.getSecure() || secureContext)
                .map(c -> c.getName() + "=" + c.getValue())
                .collect(Collectors.joining("; "));
        return header.isEmpty() ? Map.of() : Map.of("Cookie", List.of(header));
    }

    /** Forgets every cookie, as a new private window would start. */
    public void clear() {
        cookies.clear();
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
            if (cookie.getDomain() == null) {
                cookie.setDomain(uri.getHost());
            }
            if (cookie.getPath() == null) {
                String path = uri.getPath();
                cookie.setPath(path == null || path.lastIndexOf('/') <= 0 ? "/" : path.substring(0, path.lastIndexOf('/')));
            }
            String key = cookie.getDomain() + "|" + cookie.getName() + "|" + cookie.getPath();
            if (cookie.hasExpired() || cookie.getMaxAge() == 0) {
                cookies.remove(key);
            } else {
                cookies.put(key, cookie);
            }
        }
    }

    private static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.endsWith(".localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
    }
}
