package fr.idnum.keycloak.form;

import java.util.regex.Pattern;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import fr.idnum.keycloak.api.DeviceProblem;
import fr.idnum.protocol.DeviceApi;
import fr.idnum.protocol.DeviceProblems;
import org.keycloak.OAuthErrorException;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;

/**
 * The 400 answered for a malformed form body, in the error format of the endpoint it was sent to: our realm
 * resource ({@code /realms/{realm}/idnum/...}) answers its RFC 9457 problem {@code invalid-request}, as for any other
 * malformed request; every other endpoint (OpenID Connect's token, introspection, revocation, logout, CIBA, and
 * Keycloak's other form endpoints) the OAuth error of RFC 6749, section 5.2, {@code invalid_request}, which is also the
 * shape of Keycloak's own JSON errors. Never cached.
 */
final class FormRefusal {

    private static final Pattern OUR_RESOURCE = Pattern.compile("(^|/)realms/[^/]+/" + Pattern.quote(DeviceApi.RESOURCE) + "(/|$)");

    private FormRefusal() {
    }

    /** {@code path}: the request's path as JAX-RS' {@code UriInfo.getPath()} gives it (with or without a context path). */
    static Response of(String path, UrlEncodedForm.Defect defect) {
        if (OUR_RESOURCE.matcher(path).find()) {
            return new DeviceProblem(400, DeviceProblems.INVALID_REQUEST, "Invalid request", defect.description()).toResponse();
        }
        return Response.status(Response.Status.BAD_REQUEST)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Pragma", "no-cache")
                .entity(new OAuth2ErrorRepresentation(OAuthErrorException.INVALID_REQUEST, defect.description()))
                .build();
    }
}
