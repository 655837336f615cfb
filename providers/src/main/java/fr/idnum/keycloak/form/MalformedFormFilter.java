package fr.idnum.keycloak.form;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

import fr.idnum.protocol.PrintableText;
import io.quarkus.runtime.BlockingOperationControl;
import org.jboss.logging.Logger;

/**
 * Refuses with a 400 ({@link FormRefusal}) a form body Keycloak's own form parsing would answer with a 500 and an
 * {@code ERROR} line: a bad percent-escape ({@code %zz}), a NUL ({@code %00}, which reaches PostgreSQL), UTF-8 that
 * is not, or a charset Java does not have (issue 14, docs/security-tests.md). Every other request goes on untouched,
 * its body given back byte for byte.
 *
 * <p>Keycloak parses the form of every POST, PUT and PATCH before the endpoint runs (a {@code FormBodyHandler} its
 * {@code KeycloakHandlerChainCustomizer} adds in the phase before the method), so no endpoint code can catch the
 * parser's exception. This is a JAX-RS provider, found in our jar when Keycloak is built (keycloak/keycloak#25038),
 * and deliberately not a pre-matching one: pre-matching filters run on the I/O thread, where the body cannot be read
 * blocking; request filters of a blocking endpoint run on its worker thread, after RESTEasy Reactive's switch to it
 * and before Keycloak's form handler. An endpoint that runs on the I/O thread is left as it was: there the filter
 * does nothing rather than block.
 *
 * <p>The body is read through the server's input stream, so Quarkus' body size limit applies as before; Keycloak's
 * form handler keeps a copy of the body anyway. One debug line per refusal, without the body (it may hold a secret).
 */
@Provider
public class MalformedFormFilter implements ContainerRequestFilter {

    private static final Logger LOG = Logger.getLogger(MalformedFormFilter.class);

    /** The methods whose form Keycloak parses before the endpoint (its {@code KeycloakHandlerChainCustomizer}). */
    private static final Set<String> FORM_METHODS = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        String contentType = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (!isUrlEncodedForm(contentType) || !FORM_METHODS.contains(request.getMethod())
                || !BlockingOperationControl.isBlockingAllowed()) {
            return;
        }
        Optional<Charset> charset = charsetOf(contentType);
        if (charset.isEmpty()) {
            refuse(request, UrlEncodedForm.Defect.UNSUPPORTED_CHARSET);
            return;
        }
        byte[] body = request.getEntityStream().readAllBytes();
        request.setEntityStream(new ByteArrayInputStream(body));
        UrlEncodedForm.defectOf(body, body.length, charset.get().equals(StandardCharsets.UTF_8))
                .ifPresent(defect -> refuse(request, defect));
    }

    /** As the form parser decides it (it compares the start of the header, case included). */
    static boolean isUrlEncodedForm(String contentType) {
        return contentType != null && contentType.startsWith(MediaType.APPLICATION_FORM_URLENCODED);
    }

    /**
     * The body's charset: UTF-8 (Quarkus' default, the form parser's when the header names none) when the header
     * names none or cannot be read as a media type at all (then, at worst, a body in another charset is refused);
     * empty when Java has no charset of that name (the parser would throw on it once a value needs decoding).
     */
    static Optional<Charset> charsetOf(String contentType) {
        String name;
        try {
            name = MediaType.valueOf(contentType).getParameters().get(MediaType.CHARSET_PARAMETER);
        } catch (IllegalArgumentException unreadable) {
            return Optional.of(StandardCharsets.UTF_8);
        }
        if (name == null) {
            return Optional.of(StandardCharsets.UTF_8);
        }
        try {
            return Optional.of(Charset.forName(name));
        } catch (IllegalArgumentException unknownOrIllegalName) {
            return Optional.empty();
        }
    }

    private static void refuse(ContainerRequestContext request, UrlEncodedForm.Defect defect) {
        String path = request.getUriInfo().getPath();
        LOG.debugf("Form body refused with 400 (%s): %s %s", defect, request.getMethod(), PrintableText.forLog(path));
        request.abortWith(FormRefusal.of(path, defect));
    }
}
