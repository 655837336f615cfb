package fr.idnum.keycloak.api;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import fr.idnum.protocol.DeviceApi;

/**
 * What the device API answers to a request no endpoint takes, instead of Keycloak's own {@code {"error":"HTTP 405
 * Method Not Allowed"}}: a known path with another method than POST is a 405 {@code method-not-allowed} (with
 * {@code Allow: POST}), any other path a 404 {@code not-found}, both problems like every other refusal of the API.
 */
final class DeviceRoutes {

    private static final String PREFIX = "device/";

    /** The endpoints' paths under {@code device/}, each taking POST only. */
    static final Set<String> ENDPOINTS = Stream.of(DeviceApi.ACTIVATION, DeviceApi.PUSH_TOKEN, DeviceApi.DEACTIVATION,
                    DeviceApi.PIN_CHANGE, DeviceApi.SIGN_IN_UNLOCK, DeviceApi.PENDING_CHALLENGE, DeviceApi.CHALLENGE_ANSWER)
            .map(path -> path.substring(PREFIX.length())).collect(Collectors.toUnmodifiableSet());

    /**
     * The endpoints whose requests only read (the pending challenge): their single use is kept in the cluster's memory
     * only. Every other endpoint changes something stored, so a new endpoint is guarded in the database until it is
     * listed here ({@link ReplayGuard}).
     */
    static final Set<String> READ_ONLY = Set.of(DeviceApi.PENDING_CHALLENGE);

    private DeviceRoutes() {
    }

    /** How long the single use of a request to {@code path} (a {@link DeviceApi} path) must be kept. */
    static ReplayGuard.Kind replayGuard(String path) {
        return READ_ONLY.contains(path) ? ReplayGuard.Kind.READ_ONLY : ReplayGuard.Kind.CHANGES_STATE;
    }

    /** The refusal of {@code method} on {@code path} (relative to {@code device/}), which no endpoint method took. */
    static DeviceProblem refusal(String method, String path) {
        String endpoint = path == null ? "" : path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (ENDPOINTS.contains(endpoint) && !"POST".equals(method)) {
            return DeviceProblem.methodNotAllowed(method);
        }
        return DeviceProblem.notFound();
    }
}
