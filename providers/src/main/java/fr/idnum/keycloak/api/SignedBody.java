package fr.idnum.keycloak.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import fr.idnum.protocol.DeviceApi;
import fr.idnum.protocol.DeviceProblems;
import org.keycloak.models.KeycloakSession;

/**
 * The body of a device request: one compact JWS of at most {@link DeviceApi#MAX_BODY_BYTES}, read without ever
 * holding more than that in memory, whatever the client sends or claims to send.
 */
final class SignedBody {

    private SignedBody() {
    }

    static String read(KeycloakSession session, InputStream body) {
        HttpHeaders headers = session.getContext().getRequestHeaders();
        MediaType type = headers.getMediaType();
        if (type == null || !DeviceApi.JOSE_MEDIA_TYPE.equalsIgnoreCase(type.getType() + "/" + type.getSubtype())) {
            throw new DeviceProblem(415, DeviceProblems.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
                    "The body must be a compact JWS sent as " + DeviceApi.JOSE_MEDIA_TYPE + ".");
        }
        if (headers.getLength() > DeviceApi.MAX_BODY_BYTES) {
            throw tooLarge();
        }
        try {
            byte[] bytes = body.readNBytes(DeviceApi.MAX_BODY_BYTES + 1);
            if (bytes.length > DeviceApi.MAX_BODY_BYTES) {
                throw tooLarge();
            }
            return new String(bytes, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw DeviceProblem.invalidRequest("The body could not be read.");
        }
    }

    private static DeviceProblem tooLarge() {
        return new DeviceProblem(413, DeviceProblems.REQUEST_TOO_LARGE, "Request too large",
                "A device request is at most " + DeviceApi.MAX_BODY_BYTES + " bytes.");
    }
}
