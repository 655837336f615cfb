package fr.idnum.keycloak.api;

import java.time.Instant;

import fr.idnum.protocol.DeviceApi;
import fr.idnum.protocol.DeviceProblems;
import fr.idnum.protocol.DeviceRequests;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Single use of device requests: each {@code jti} is recorded in Keycloak's cluster-wide single-use store
 * until the request could no longer be accepted anyway, so a replay is refused on whichever node it lands.
 */
final class ReplayGuard {

    private static final String PREFIX = "idnum-device-jti:";

    private final SingleUseObjectProvider store;

    ReplayGuard(SingleUseObjectProvider store) {
        this.store = store;
    }

    /** Records the request's {@code jti} within {@code scope} (a credential id, or the activation); refuses a second time. */
    void useOnce(String scope, DeviceRequests.Verified request, Instant now) {
        long lifespan = Math.max(1, request.expiresAt().getEpochSecond() - now.getEpochSecond() + DeviceApi.CLOCK_SKEW_SECONDS);
        if (!store.putIfAbsent(PREFIX + scope + ":" + request.jti(), lifespan)) {
            throw new DeviceProblem(400, DeviceProblems.REPLAYED_REQUEST, "Replayed request",
                    "This request was already received; sign a new one.");
        }
    }
}
