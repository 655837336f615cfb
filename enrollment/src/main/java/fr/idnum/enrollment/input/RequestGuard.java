package fr.idnum.enrollment.input;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;

import fr.idnum.enrollment.problem.InvalidFieldsException;
import fr.idnum.enrollment.problem.Problem.FieldError;
import fr.idnum.protocol.PrintableText;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * What a request carries besides its JSON body ({@link StrictJson}), checked once for every endpoint: path and query
 * parameters must be {@link PrintableText} (a decoded {@code %00} reaches PostgreSQL as a 500, {@code %1B} the
 * logs), and a body must say what it is (Quarkus would read a body without {@code Content-Type} as JSON).
 */
public class RequestGuard {

    @ServerRequestFilter
    public void check(ContainerRequestContext request) {
        if (hasBody(request) && request.getHeaderString(HttpHeaders.CONTENT_TYPE) == null) {
            throw new NotSupportedException("A request body needs a Content-Type.");
        }
        List<FieldError> errors = new ArrayList<>();
        unprintable(request.getUriInfo().getPathParameters(), errors);
        unprintable(request.getUriInfo().getQueryParameters(), errors);
        if (!errors.isEmpty()) {
            throw new InvalidFieldsException(errors);
        }
    }

    private static boolean hasBody(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        return (length != null && !length.trim().equals("0")) || request.getHeaderString("Transfer-Encoding") != null;
    }

    private static void unprintable(MultivaluedMap<String, String> parameters, List<FieldError> errors) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            boolean printable = PrintableText.isPrintable(parameter.getKey())
                    && parameter.getValue().stream().allMatch(PrintableText::isPrintable);
            if (!printable) {
                // The name is the caller's too: it is named only when it is printable itself.
                errors.add(new FieldError(PrintableText.isPrintable(parameter.getKey()) ? parameter.getKey() : "query",
                        PrintableStrings.RULE));
            }
        }
    }
}
