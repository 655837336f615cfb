package fr.idnum.keycloak.push;

import java.time.Duration;
import java.time.Instant;

import fr.idnum.keycloak.delivery.SenderPool;
import fr.idnum.keycloak.device.DeviceCredentialModel;
import fr.idnum.keycloak.enrollment.EnrollmentClient;
import org.keycloak.models.KeycloakSession;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Sends a challenge to the citizen's phone through the enrollment service, best effort within its push timeout:
 * the app can still pull the challenge itself. Handed to the {@link SenderPool} once the request's transaction
 * committed, which is when the store writes the challenge (a phone quick to fetch it must find it), so the request
 * thread never waits on the push. A failure is recorded for the page (and its status endpoint) to say so.
 */
final class PushDelivery {

    /** When this sign-in last pushed, for the resend interval. */
    static final String LAST_PUSH_NOTE = "idnum.push.last-push";

    private final KeycloakSession session;
    private final AuthenticationSessionModel authSession;
    private final SenderPool senders;

    PushDelivery(KeycloakSession session, AuthenticationSessionModel authSession, SenderPool senders) {
        this.session = session;
        this.authSession = authSession;
        this.senders = senders;
    }

    void send(Challenge challenge, DeviceCredentialModel device, Instant now) {
        long ttl = Math.max(1, Duration.between(now, challenge.expiresAt()).getSeconds());
        String token = device.data().pushToken();
        String platform = device.data().platform();
        senders.afterCommit(session, new SenderPool.Job() {
            @Override
            public void run(KeycloakSession pushSession) {
                if (!pushSession.getProvider(EnrollmentClient.class).push(token, platform, challenge.id(), ttl)) {
                    notSent(pushSession);
                }
            }

            @Override
            public void notSent(KeycloakSession pushSession) {
                new ChallengeStore(pushSession).markPushFailed(challenge, now);
            }
        });
        authSession.setAuthNote(LAST_PUSH_NOTE, Long.toString(now.toEpochMilli()));
    }

    /** Pushes the same challenge again, at most once per {@code interval}; returns whether it did. */
    boolean resend(Challenge challenge, DeviceCredentialModel device, Instant now, Duration interval) {
        String last = authSession.getAuthNote(LAST_PUSH_NOTE);
        if (last != null && now.isBefore(Instant.ofEpochMilli(Long.parseLong(last)).plus(interval))) {
            return false;
        }
        send(challenge, device, now);
        return true;
    }
}
