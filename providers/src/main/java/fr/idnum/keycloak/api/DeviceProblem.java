package fr.idnum.keycloak.api;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import fr.idnum.protocol.DeviceApi;
import fr.idnum.protocol.DeviceProblems;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;

/**
 * A refusal of the device API, thrown where it is decided and answered as an RFC 9457 problem ({@link #refuse}).
 * The resource answers it itself, so nothing reaches Keycloak's own error handling and what the request already
 * wrote (a wrong code's count) commits; the {@code detail} never holds a code, a PIN or a token.
 */
public class DeviceProblem extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final Map<String, Object> members = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String eventError;
    private String eventReason;

    public DeviceProblem(int status, String type, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.eventError = "idnum_device_" + type.replace('-', '_');
        this.eventReason = type;
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

    /**
     * The error and reason its event records when they are not the default ({@code idnum_device_<type>}, reason
     * = type): refusals that sign-in and lock monitoring already know under their own names. A null reason records
     * none.
     */
    DeviceProblem recordedAs(String error, String reason) {
        this.eventError = error;
        this.eventReason = reason;
        return this;
    }

    public String type() {
        return type;
    }

    int status() {
        return status;
    }

    Object member(String name) {
        return members.get(name);
    }

    String eventError() {
        return eventError;
    }

    /** The one way a refusal leaves the device API: its error event, then the problem answer. */
    Response refuse(EventBuilder event) {
        if (eventReason != null) {
            event.detail(Details.REASON, eventReason);
        }
        event.error(eventError);
        return toResponse();
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

    /** The request names no phone that can sign: never was, deactivated, replaced, or its owner disabled. */
    static DeviceProblem unknownDevice() {
        return new DeviceProblem(401, DeviceProblems.INVALID_DEVICE_REQUEST, "Unknown device",
                "No active phone has this id: it was deactivated, replaced or never activated.");
    }

    /** A path under the device API that no endpoint has (a typo, a probe, a traversal attempt). */
    static DeviceProblem notFound() {
        return new DeviceProblem(404, DeviceProblems.NOT_FOUND, "Not found", "The device API has no endpoint at this path.");
    }

    /** A device API endpoint called with another method than the one it takes. */
    static DeviceProblem methodNotAllowed(String method) {
        return new DeviceProblem(405, DeviceProblems.METHOD_NOT_ALLOWED, "Method not allowed",
                "This endpoint takes POST only, not " + method + ".").header("Allow", "POST");
    }

    static DeviceProblem locked() {
        return new DeviceProblem(403, DeviceProblems.DEVICE_LOCKED, "Phone locked",
                "Too many wrong 4-digit codes: activate the phone again with a new activation code.");
    }
}
