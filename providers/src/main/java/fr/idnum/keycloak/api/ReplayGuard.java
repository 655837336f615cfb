package fr.idnum.keycloak.api;

import java.time.Instant;

import fr.idnum.keycloak.replay.UsedDeviceRequests;
import fr.idnum.protocol.DeviceApi;
import fr.idnum.protocol.DeviceProblems;
import fr.idnum.protocol.DeviceRequests;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Single use of device requests. Each {@code jti} is first put in Keycloak's cluster-wide single-use store until the
 * request could no longer be accepted anyway: a replay is refused on whichever node it lands, without touching the
 * database. That store lives in memory only, so the {@code jti} of a request that changes something is also recorded
 * in the database ({@link Ledger}), in the request's transaction, where a second use is refused even after every
 * node restarted. Both refusals are the same {@code replayed-request}.
 */
final class ReplayGuard {

    /** Where the {@code jti}s of requests that change something are kept for good ({@link UsedDeviceRequests} in Keycloak). */
    interface Ledger {
        /** Records {@code jti} within {@code scope} until {@code expiresAt}, in this transaction; false if already recorded. */
        boolean record(String scope, String jti, Instant expiresAt);
    }

    /** Whether a request's single use must outlive a restart of the whole cluster. */
    enum Kind {
        /** It changes something stored: its {@code jti} is also recorded in the database. */
        CHANGES_STATE,
        /** It only reads: the cluster's memory is enough (see docs/threat-model.md, "replay of a device request"). */
        READ_ONLY
    }

    private static final String PREFIX = "idnum-device-jti:";

    private final SingleUseObjectProvider store;
    private final Ledger ledger;

    ReplayGuard(SingleUseObjectProvider store, Ledger ledger) {
        this.store = store;
        this.ledger = ledger;
    }

    static ReplayGuard of(KeycloakSession session) {
        return new ReplayGuard(session.singleUseObjects(), UsedDeviceRequests.of(session)::record);
    }

    /** Records the request's {@code jti} within {@code scope} (a credential id, or the activation); refuses a second time. */
    void useOnce(String scope, DeviceRequests.Verified request, Instant now, Kind kind) {
        Instant acceptedUntil = request.expiresAt().plusSeconds(DeviceApi.CLOCK_SKEW_SECONDS);
        long lifespan = Math.max(1, acceptedUntil.getEpochSecond() - now.getEpochSecond());
        if (!store.putIfAbsent(PREFIX + scope + ":" + request.jti(), lifespan)) {
            throw replayed();
        }
        if (kind == Kind.CHANGES_STATE && !ledger.record(scope, request.jti(), acceptedUntil)) {
            // The memory had forgotten it (a restart of every node): the same answer, a reason of its own for operators.
            throw replayed().recordedAs("idnum_device_" + DeviceProblems.REPLAYED_REQUEST.replace('-', '_'),
                    DeviceProblems.REPLAYED_REQUEST + " (found in the database only)");
        }
    }

    private static DeviceProblem replayed() {
        return new DeviceProblem(400, DeviceProblems.REPLAYED_REQUEST, "Replayed request",
                "This request was already received; sign a new one.");
    }
}
