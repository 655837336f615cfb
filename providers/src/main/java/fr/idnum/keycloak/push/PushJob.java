package fr.idnum.keycloak.push;

import java.time.Instant;
import java.util.function.Consumer;

import fr.idnum.keycloak.delivery.SenderPool;
import fr.idnum.keycloak.enrollment.EnrollmentClient;
import fr.idnum.keycloak.enrollment.PushResult;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;

/**
 * One push of a challenge to the phone, run on a push thread in a session of its own ({@link SenderPool}). A push
 * not sent is recorded on the challenge, for the waiting page to tell the citizen to open the app; a token the push
 * service no longer knows is also recorded on the phone ({@link UnregisteredPushTokens}), so that the next sign-ins
 * do not push to it again.
 */
final class PushJob implements SenderPool.Job {

    private final String realmId;
    private final Challenge challenge;
    private final String token;
    private final String platform;
    private final long ttlSeconds;
    private final Instant now;
    private final Consumer<SenderPool.Job> senders;

    PushJob(String realmId, Challenge challenge, String token, String platform, long ttlSeconds, Instant now,
            Consumer<SenderPool.Job> senders) {
        this.realmId = realmId;
        this.challenge = challenge;
        this.token = token;
        this.platform = platform;
        this.ttlSeconds = ttlSeconds;
        this.now = now;
        this.senders = senders;
    }

    @Override
    public void run(KeycloakSession session) {
        PushResult result = session.getProvider(EnrollmentClient.class).push(token, platform, challenge.id(), ttlSeconds);
        if (result == PushResult.SENT) {
            return;
        }
        if (result != PushResult.TOKEN_UNREGISTERED) {
            notSent(session);
            return;
        }
        // The page says "open the app" only once the mark is committed (or rolled back), in a job of its own after this
        // one's transaction: the app opened on that prompt then finds the mark in its fetch, and sends a new token with
        // the code the citizen types.
        SenderPool.Job tellThePage = new SenderPool.Job() {
            @Override
            public void run(KeycloakSession later) {
                notSent(later);
            }

            @Override
            public void notSent(KeycloakSession later) {
                PushJob.this.notSent(later);
            }
        };
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                senders.accept(tellThePage);
            }

            @Override
            protected void rollbackImpl() {
                senders.accept(tellThePage);
            }
        });
        new UnregisteredPushTokens(session).record(realmId, challenge, token, now);
    }

    @Override
    public void notSent(KeycloakSession session) {
        new ChallengeStore(session).markPushFailed(challenge, now);
    }
}
