package fr.idnum.keycloak.cookie;

import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

import fr.idnum.protocol.PrintableText;
import org.jboss.logging.Logger;

/**
 * Takes out of every request an {@code AUTH_SESSION_ID} cookie that Keycloak could not have set
 * ({@link AuthSessionCookie}), before Keycloak reads the request's cookies, so that a client cannot write into
 * Keycloak's log through it (issue 14, docs/security-tests.md). Keycloak then answers as to a browser without an
 * auth session (a new one is started). A JAX-RS provider found in our jar when Keycloak is built, as
 * {@code MalformedFormFilter}; pre-matching, so it runs before any resource, and on whatever thread: it only rewrites
 * a header. One debug line per cookie dropped, without its value.
 */
@Provider
@PreMatching
public class AuthSessionCookieFilter implements ContainerRequestFilter {

    private static final Logger LOG = Logger.getLogger(AuthSessionCookieFilter.class);

    @Override
    public void filter(ContainerRequestContext request) {
        List<String> headers = request.getHeaders().get(HttpHeaders.COOKIE);
        if (headers == null || headers.stream().noneMatch(h -> h.contains(AuthSessionCookie.NAME))) {
            return;
        }
        List<String> kept = new ArrayList<>(headers.size());
        for (String header : headers) {
            String cleaned = AuthSessionCookie.withoutMalformed(header);
            if (!cleaned.isEmpty()) {
                kept.add(cleaned);
            }
        }
        if (!kept.equals(headers)) {
            LOG.debugf("Malformed %s cookie dropped: %s %s", AuthSessionCookie.NAME, request.getMethod(),
                    PrintableText.forLog(request.getUriInfo().getPath()));
            if (kept.isEmpty()) {
                request.getHeaders().remove(HttpHeaders.COOKIE);
            } else {
                request.getHeaders().put(HttpHeaders.COOKIE, kept);
            }
        }
    }
}
