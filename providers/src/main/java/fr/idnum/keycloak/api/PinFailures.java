package fr.idnum.keycloak.api;

import jakarta.ws.rs.core.Response;

import fr.idnum.keycloak.device.DeviceCredentialProvider;
import fr.idnum.keycloak.enrollment.EnrollmentClient;
import fr.idnum.protocol.DeviceProblems;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;

/**
 * One answer to a wrong 4-digit code, wherever it was typed (sign-in or code change): the failure counts on the
 * phone's credential only (three lock it), the event says which, a lock tells the citizen by e-mail once
 * committed, and the app learns the tries left. Answered rather than thrown: the failure count just stored must
 * commit. Not reported to Keycloak's brute-force protection: that one counts passwords, and the two factors keep
 * separate counters so that failures of one never lock the other (threat model, "lockout by a third party").
 */
final class PinFailures {

    static final String WRONG_PIN_EVENT_ERROR = "idnum_wrong_pin";
    static final String LOCKED_EVENT_ERROR = "idnum_device_locked";

    private PinFailures() {
    }

    static Response refuse(KeycloakSession session, DeviceResource.SignedRequest request,
                           DeviceCredentialProvider.PinOutcome outcome, EventBuilder event) {
        if (outcome.locked()) {
            event.detail(Details.REASON, "too many wrong codes").error(LOCKED_EVENT_ERROR);
            DeviceResource.noticeAfterCommit(session, request.user().getId(), EnrollmentClient.Notice.PHONE_LOCKED,
                    request.credential().getUserLabel());
            return DeviceResource.locked().toResponse();
        }
        event.detail(Details.REASON, "wrong-pin").error(WRONG_PIN_EVENT_ERROR);
        return new DeviceProblem(400, DeviceProblems.WRONG_PIN, "Wrong secret code", "The 4-digit code is wrong.")
                .with(DeviceProblems.ATTEMPTS_LEFT, outcome.attemptsLeft()).toResponse();
    }
}
