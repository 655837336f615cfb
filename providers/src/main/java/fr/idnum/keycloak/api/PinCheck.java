package fr.idnum.keycloak.api;

import java.time.Instant;

import fr.idnum.keycloak.device.DeviceCredentialModel;
import fr.idnum.keycloak.device.DeviceCredentialProvider;
import fr.idnum.keycloak.enrollment.EnrollmentClient;
import fr.idnum.protocol.DeviceProblems;
import fr.idnum.protocol.DeviceRequests;
import fr.idnum.protocol.PinRules;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The 4-digit code a device request carries, wherever it is typed (a sign-in's approval, a code change, a new push
 * token, an unlock, a deactivation): opened from its envelope for this purpose and this request, then judged on the
 * phone. A wrong one counts on the phone's credential only (the limit locks it), the event says which, a lock tells
 * the citizen by e-mail once committed, and the app learns the tries left. Not reported to Keycloak's brute-force
 * protection: that one counts passwords, and the two factors keep separate counters so that failures of one never
 * lock the other (threat model, "lockout by a third party").
 */
final class PinCheck {

    static final String WRONG_PIN_EVENT_ERROR = "idnum_wrong_pin";
    static final String LOCKED_EVENT_ERROR = "idnum_device_locked";

    /** Opens a sealed code made for {@code purpose} and for {@code request} ({@link RealmPinKeys} in Keycloak). */
    interface Envelopes {
        String open(String envelope, String purpose, DeviceRequests.Verified request, Instant now);
    }

    /** Judges a code on the locked phone and stores the outcome ({@link DeviceCredentialProvider#judgePin}). */
    interface Judge {
        DeviceCredentialProvider.PinOutcome judge(UserModel user, DeviceCredentialModel device, String pin, long nowMillis);
    }

    private static final Runnable NOTHING = () -> {
    };

    private final Envelopes envelopes;
    private final Judge onPhone;
    private final CitizenNotices notices;

    PinCheck(Envelopes envelopes, Judge onPhone, CitizenNotices notices) {
        this.envelopes = envelopes;
        this.onPhone = onPhone;
        this.notices = notices;
    }

    static PinCheck of(KeycloakSession session, RealmModel realm) {
        return new PinCheck((envelope, purpose, request, now) -> RealmPinKeys.open(session, realm, envelope, purpose, request, now),
                DeviceLookup.provider(session)::judgePin, CitizenNotices.afterCommit(session));
    }

    /** The code sealed in {@code envelope}, for {@code purpose} and this very request. */
    String open(DeviceRequest request, String envelope, String purpose) {
        return envelopes.open(envelope, purpose, request.claims().verified(), request.now());
    }

    /** {@link #open} then {@link #judge}: the phone as now stored, or the refusal. */
    DeviceCredentialModel require(DeviceRequest request, String envelope, String purpose) {
        return require(request, envelope, purpose, NOTHING);
    }

    /** As {@link #require}, running {@code onLock} first when this code locks the phone. */
    DeviceCredentialModel require(DeviceRequest request, String envelope, String purpose, Runnable onLock) {
        return judge(request, open(request, envelope, purpose), onLock);
    }

    /**
     * The phone as now stored when {@code pin} is its code; otherwise the failure is stored and the refusal thrown
     * (it commits: the resource answers it, see {@link DeviceProblem}).
     */
    DeviceCredentialModel judge(DeviceRequest request, String pin) {
        return judge(request, pin, NOTHING);
    }

    private DeviceCredentialModel judge(DeviceRequest request, String pin, Runnable onLock) {
        DeviceCredentialProvider.PinOutcome outcome = onPhone.judge(request.user(), request.credential(), pin,
                request.now().toEpochMilli());
        if (outcome.accepted()) {
            return outcome.device();
        }
        if (outcome.locked()) {
            onLock.run();
            notices.tell(request.user().getId(), EnrollmentClient.Notice.PHONE_LOCKED, request.credential().getUserLabel());
            throw DeviceProblem.locked().recordedAs(LOCKED_EVENT_ERROR, "too many wrong codes");
        }
        throw new DeviceProblem(400, DeviceProblems.WRONG_PIN, "Wrong secret code", "The 4-digit code is wrong.")
                .with(DeviceProblems.ATTEMPTS_LEFT, outcome.attemptsLeft()).recordedAs(WRONG_PIN_EVENT_ERROR, "wrong-pin");
    }

    /** A new code must follow the rules ({@link PinRules}), the citizen's birth date included when known. */
    static void requireAcceptable(String pin, String birthDate) {
        PinRules.check(pin, birthDate).ifPresent(violation -> {
            throw new DeviceProblem(400, DeviceProblems.WEAK_PIN, "Weak secret code",
                    "The 4-digit code breaks the rule '" + violation.wireName() + "'; choose another one.")
                    .with(DeviceProblems.VIOLATION, violation.wireName());
        });
    }
}
