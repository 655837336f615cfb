package fr.idnum.keycloak.push;

import java.util.Optional;

import fr.idnum.keycloak.device.DeviceCredentialModel;
import fr.idnum.keycloak.device.DeviceStatus;
import fr.idnum.protocol.enrollment.EnrollmentStatus;
import org.keycloak.events.Errors;
import org.keycloak.models.UserModel;

/**
 * Whether a push sign-in may go on, and if not why: no account, no active phone, the phone locked on this very
 * challenge, the citizen's own sign-in lock, an enrollment not in force, too many requests. Checked when the step
 * starts and again at every action of the waiting page, so that a suspension or a lock that comes while the page is
 * open applies at once. Keycloak's brute-force lock is not consulted: it counts wrong passwords, which anyone who
 * knows the identifier can type, and must not keep the citizen off the phone step, whose own counter (three wrong
 * 4-digit codes lock the phone) is on the credential.
 */
public final class SignInGate {

    /** Each refusal, with the event error it records and the page it ends on ({@code null}: the no-phone page). */
    public enum Refusal {
        NO_ACCOUNT(Errors.USER_NOT_FOUND, null),
        NO_DEVICE(PushEvents.NO_DEVICE_EVENT_ERROR, null),
        DEVICE_LOCKED(PushEvents.LOCKED_EVENT_ERROR, PushPage.State.LOCKED),
        SIGN_IN_LOCKED(PushEvents.SIGN_IN_LOCKED_EVENT_ERROR, PushPage.State.SIGN_IN_LOCKED),
        SUSPENDED(PushEvents.SUSPENDED_EVENT_ERROR, PushPage.State.SUSPENDED),
        TOO_MANY_REQUESTS(PushEvents.RATE_LIMITED_EVENT_ERROR, PushPage.State.TOO_MANY_REQUESTS);

        private final String eventError;
        private final PushPage.State page;

        Refusal(String eventError, PushPage.State page) {
            this.eventError = eventError;
            this.page = page;
        }

        public String eventError() {
            return eventError;
        }

        /** The push page's state to show, or {@code null} for the no-phone page. */
        public PushPage.State page() {
            return page;
        }
    }

    /** What the gate decided. */
    public sealed interface Outcome permits Open, Refused {
    }

    /** The sign-in may go on, with this phone. */
    public record Open(DeviceCredentialModel device) implements Outcome {
    }

    /** Refused; {@code reason} (may be null) goes to the event's reason detail. */
    public record Refused(Refusal refusal, String reason) implements Outcome {
    }

    private final RequestLimits limits;

    public SignInGate(RequestLimits limits) {
        this.limits = limits;
    }

    /** When the step starts. An unknown identifier is told exactly what an account without a phone is told. */
    public Outcome atStart(UserModel user) {
        return user == null ? new Refused(Refusal.NO_ACCOUNT, null) : admit(user);
    }

    /**
     * At an action of the waiting page, {@code onPage} being the challenge it shows (if still known). A phone that
     * locked on this very challenge is no longer active: say so first, rather than "no phone".
     */
    public Outcome atAction(UserModel user, Challenge onPage) {
        if (onPage != null && onPage.status() == ChallengeStatus.LOCKED) {
            return new Refused(Refusal.DEVICE_LOCKED, null);
        }
        return user == null ? new Refused(Refusal.NO_DEVICE, null) : admit(user);
    }

    /**
     * Takes one sign-in request from the source address's and the citizen's limits. The source first: a party over
     * its own limit does not use up the citizen's requests. Against push fatigue: whoever keeps asking, the phone is
     * not flooded until the citizen gives in.
     */
    public Optional<Refused> takeRequest(String sourceAddress, UserModel user, PushConfig config) {
        if (!limits.take(RequestLimits.Scope.SOURCE, sourceAddress, config.maxChallengesPerSource())) {
            return Optional.of(tooMany(RequestLimits.Scope.SOURCE));
        }
        if (!limits.take(RequestLimits.Scope.CITIZEN, user.getId(), config.maxChallengesPerQuarterHour())) {
            return Optional.of(tooMany(RequestLimits.Scope.CITIZEN));
        }
        return Optional.empty();
    }

    /** The citizen's active phone, if any (a locked one signs nothing). */
    public static Optional<DeviceCredentialModel> activeDevice(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(DeviceCredentialModel.TYPE)
                .map(DeviceCredentialModel::from)
                .filter(device -> device.data().status() == DeviceStatus.ACTIVE)
                .findFirst();
    }

    private static Outcome admit(UserModel user) {
        // No phone first: an account without one (whatever its lock or status) looks exactly like no account.
        Optional<DeviceCredentialModel> device = activeDevice(user);
        if (device.isEmpty()) {
            return new Refused(Refusal.NO_DEVICE, null);
        }
        if (SignInLock.holds(user)) {
            // The citizen said "this was not me": nobody signs in as them until they (or support) lift it.
            return new Refused(Refusal.SIGN_IN_LOCKED, user.getFirstAttribute(SignInLock.ATTRIBUTE));
        }
        if (!EnrollmentStatus.allowsSignIn(user.getFirstAttribute(EnrollmentStatus.ATTRIBUTE))) {
            // Suspended by the enrollment service: the phone signs nothing until the citizen is reinstated.
            return new Refused(Refusal.SUSPENDED, user.getFirstAttribute(EnrollmentStatus.ATTRIBUTE));
        }
        return new Open(device.get());
    }

    private static Refused tooMany(RequestLimits.Scope scope) {
        return new Refused(Refusal.TOO_MANY_REQUESTS, "request limit per " + scope.wireName());
    }
}
