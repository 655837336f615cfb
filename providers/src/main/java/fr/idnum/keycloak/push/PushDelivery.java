package fr.idnum.keycloak.push;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

import fr.idnum.keycloak.delivery.SenderPool;
import fr.idnum.keycloak.device.DeviceCredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Sends a challenge to the citizen's phone through the enrollment service, best effort within its push timeout:
 * the app can still pull the challenge itself. Handed to the {@link SenderPool} once the request's transaction
 * committed, which is when the store writes the challenge (a phone quick to fetch it must find it), so the request
 * thread never waits on the push. A failure is recorded for the page (and its status endpoint) to say so. A phone
 * whose token the push service no longer knows ({@link UnregisteredPushTokens}) is not pushed to at all: its page
 * says at once that the citizen has to open the app.
 */
final class PushDelivery {

    /** When this sign-in last pushed, for the resend interval. */
    static final String LAST_PUSH_NOTE = "idnum.push.last-push";

    /** What a push asked for came to, as far as this request can tell. */
    enum Sent {
        /** Handed to the push threads (whether the push service takes it is known later). */
        PUSHING,
        /** Not pushed: the phone's token is known to be dead; the challenge is marked as not pushed. */
        TOKEN_UNREGISTERED,
        /** Not pushed again: the last push of this sign-in is more recent than the resend interval. */
        TOO_SOON
    }

    private final KeycloakSession session;
    private final AuthenticationSessionModel authSession;
    private final Consumer<SenderPool.Job> senders;

    PushDelivery(KeycloakSession session, AuthenticationSessionModel authSession, Consumer<SenderPool.Job> senders) {
        this.session = session;
        this.authSession = authSession;
        this.senders = senders;
    }

    Sent send(Challenge challenge, DeviceCredentialModel device, Instant now) {
        authSession.setAuthNote(LAST_PUSH_NOTE, Long.toString(now.toEpochMilli()));
        if (device.data().pushTokenUnregistered()) {
            // Put-if-absent writes at once, so the page this request shows already says "open the app".
            new ChallengeStore(session).markPushFailed(challenge, now);
            return Sent.TOKEN_UNREGISTERED;
        }
        long ttl = Math.max(1, Duration.between(now, challenge.expiresAt()).getSeconds());
        String realmId = session.getContext().getRealm().getId();
        PushJob job = new PushJob(realmId, challenge, device.data().pushToken(), device.data().platform(), ttl, now, senders);
        // Once the challenge is committed: a phone quick to fetch it must find it.
        SenderPool.afterCommit(session, senders, job);
        return Sent.PUSHING;
    }

    /** Pushes the same challenge again, at most once per {@code interval}. */
    Sent resend(Challenge challenge, DeviceCredentialModel device, Instant now, Duration interval) {
        String last = authSession.getAuthNote(LAST_PUSH_NOTE);
        if (last != null && now.isBefore(Instant.ofEpochMilli(Long.parseLong(last)).plus(interval))) {
            return Sent.TOO_SOON;
        }
        return send(challenge, device, now);
    }
}
