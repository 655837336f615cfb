package fr.idnum.keycloak.api;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import fr.idnum.keycloak.push.Challenge;
import fr.idnum.keycloak.push.ChallengeStatus;
import fr.idnum.keycloak.push.ChallengeStore;
import fr.idnum.keycloak.push.PushConfig;
import fr.idnum.protocol.PushStatusProblems;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;

/**
 * The waiting page's question "has the phone answered?", answered only for the browser's own sign-in: the
 * challenge is found through the authentication session named by the browser's own session cookie, never by
 * an id in the URL, so no one can watch another citizen's sign-in. With {@code wait=true} the question is a
 * long-poll: when nothing is new compared with what the page knows, the request is held ({@link WaitingBrowsers})
 * until the phone answers or the hold ends, and no thread waits meanwhile.
 */
final class PushStatus {

    private PushStatus() {
    }

    /** What the page is told: the challenge's status and whether its push could not be sent. */
    record Answer(String status, boolean pushFailed) {

        static final Answer UNKNOWN = new Answer("unknown", false);

        /** Whether this tells a page that knows {@code knownPushFailed} (and a pending challenge) something new. */
        boolean isNewsFor(boolean knownPushFailed) {
            return !ChallengeStatus.PENDING.wireName().equals(status) || pushFailed != knownPushFailed;
        }

        Response toResponse() {
            // push_failed: the page then tells the citizen to open the app themselves.
            return Response.ok(Map.of("status", status, "push_failed", pushFailed), MediaType.APPLICATION_JSON_TYPE)
                    .header("Cache-Control", "no-store").build();
        }
    }

    /** The challenge the browser's own sign-in waits for (its id may be null: none, or gone). */
    record Watch(String challengeId, String rootSessionId, int maxWaits) {

        Answer answer(KeycloakSession session, Instant now) {
            ChallengeStore store = new ChallengeStore(session);
            Optional<Challenge> challenge = store.get(challengeId).filter(c -> c.rootSessionId().equals(rootSessionId));
            return new Answer(challenge.map(c -> c.statusAt(now).wireName()).orElse(ChallengeStatus.EXPIRED.wireName()),
                    challenge.isPresent() && store.pushFailed(challenge.get().id()));
        }
    }

    /** The status now, at once. */
    static Response of(KeycloakSession session, String clientId, String tabId, Instant now) {
        return watch(session, clientId, tabId).map(w -> w.answer(session, now)).orElse(Answer.UNKNOWN).toResponse();
    }

    /**
     * Answers {@code response} at once when the status is news for a page that knows {@code knownPushFailed} (or
     * is unknown to this browser); otherwise holds it until the challenge changes or the hold ends.
     */
    static void await(KeycloakSession session, String clientId, String tabId, boolean knownPushFailed, Clock clock,
                      WaitingBrowsers<Answer> waiting, AsyncResponse response) {
        Optional<Watch> watch = watch(session, clientId, tabId);
        Answer now = watch.map(w -> w.answer(session, clock.instant())).orElse(Answer.UNKNOWN);
        if (watch.isEmpty() || watch.get().challengeId() == null || now.isNewsFor(knownPushFailed)) {
            response.resume(now.toResponse());
            return;
        }
        Watch held = watch.get();
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        // Computed when the hold ends, in a session of its own: this request's session is closed by then.
        WaitingBrowsers.Admission admission = waiting.hold(held.challengeId(), held.maxWaits(), response,
                () -> KeycloakModelUtils.runJobInTransactionWithResult(factory, fresh -> held.answer(fresh, clock.instant())));
        if (admission == WaitingBrowsers.Admission.TOO_MANY_FOR_SIGN_IN) {
            response.resume(new DeviceProblem(429, PushStatusProblems.TOO_MANY_WAITING, "Too many waiting requests",
                    "This sign-in already has " + held.maxWaits() + " requests waiting for the phone's answer.")
                    .header("Retry-After", "1").toResponse());
        } else if (admission == WaitingBrowsers.Admission.NODE_FULL) {
            response.resume(new DeviceProblem(503, PushStatusProblems.STATUS_UNAVAILABLE, "Status unavailable",
                    "This server holds as many waiting pages as it can; ask again later.")
                    .header("Retry-After", String.valueOf(waiting.holdTime().toSeconds())).toResponse());
        } else if (held.answer(session, clock.instant()).isNewsFor(knownPushFailed)) {
            // The phone answered between the first read and the hold: its change notice may have been missed.
            waiting.changed(held.challengeId());
        }
    }

    private static Optional<Watch> watch(KeycloakSession session, String clientId, String tabId) {
        RealmModel realm = session.getContext().getRealm();
        ClientModel client = clientId == null ? null : realm.getClientByClientId(clientId);
        RootAuthenticationSessionModel root = new AuthenticationSessionManager(session).getCurrentRootAuthenticationSession(realm);
        AuthenticationSessionModel authSession = root == null || client == null || tabId == null ? null
                : root.getAuthenticationSession(client, tabId);
        if (authSession == null) {
            return Optional.empty();
        }
        return Optional.of(new Watch(authSession.getAuthNote(ChallengeStore.CHALLENGE_NOTE), root.getId(),
                maxWaits(realm, authSession)));
    }

    /** The push step's own limit, read from the execution the sign-in stands at (the waiting page's). */
    private static int maxWaits(RealmModel realm, AuthenticationSessionModel authSession) {
        String executionId = authSession.getAuthNote(AuthenticationProcessor.CURRENT_AUTHENTICATION_EXECUTION);
        AuthenticationExecutionModel execution = executionId == null ? null : realm.getAuthenticationExecutionById(executionId);
        String configId = execution == null ? null : execution.getAuthenticatorConfig();
        return new PushConfig(configId == null ? null : realm.getAuthenticatorConfigById(configId)).maxWaitsPerSignIn();
    }
}
