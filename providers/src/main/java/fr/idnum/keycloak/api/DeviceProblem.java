package fr.idnum.keycloak.api;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import fr.idnum.protocol.DeviceApi;
import fr.idnum.protocol.DeviceProblems;

/**
 * A refusal of the device API, thrown where it is decided and answered as an RFC 9457 problem. Raised only
 * before anything is written, so the request's transaction has nothing to undo; the {@code detail} never
 * holds a code, a PIN or a token.
 */
public class DeviceProblem extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final Map<String, Object> members = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    public DeviceProblem(int status, String type, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    public DeviceProblem with(String member, Object value) {
        if (value != null) {
            members.put(member, value);
        }
        return this;
    }

    public DeviceProblem header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public String type() {
        return type;
    }

    public Response toResponse() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", DeviceProblems.TYPE_BASE + type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", getMessage());
        body.putAll(members);
        Response.ResponseBuilder response = Response.status(status).type(DeviceApi.PROBLEM_MEDIA_TYPE).entity(body);
        headers.forEach(response::header);
        return response.header("Cache-Control", "no-store").build();
    }

    static DeviceProblem invalidRequest(String detail) {
        return new DeviceProblem(400, DeviceProblems.INVALID_REQUEST, "Invalid request", detail);
    }
}
