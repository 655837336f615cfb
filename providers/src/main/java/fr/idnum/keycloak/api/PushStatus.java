package fr.idnum.keycloak.api;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import fr.idnum.keycloak.push.Challenge;
import fr.idnum.keycloak.push.ChallengeStatus;
import fr.idnum.keycloak.push.ChallengeStore;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;

/**
 * The waiting page's question "has the phone answered?", answered only for the browser's own sign-in: the
 * challenge is found through the authentication session named by the browser's own session cookie, never by
 * an id in the URL, so no one can watch another citizen's sign-in. A cheap read of the cluster-wide store:
 * no thread waits for the phone.
 */
final class PushStatus {

    private PushStatus() {
    }

    static Response of(KeycloakSession session, String clientId, String tabId, Instant now) {
        RealmModel realm = session.getContext().getRealm();
        ClientModel client = clientId == null ? null : realm.getClientByClientId(clientId);
        RootAuthenticationSessionModel root = new AuthenticationSessionManager(session).getCurrentRootAuthenticationSession(realm);
        AuthenticationSessionModel authSession = root == null || client == null || tabId == null ? null
                : root.getAuthenticationSession(client, tabId);
        String status;
        boolean pushFailed = false;
        if (authSession == null) {
            status = "unknown";
        } else {
            ChallengeStore store = new ChallengeStore(session);
            Optional<Challenge> challenge = store.get(authSession.getAuthNote(ChallengeStore.CHALLENGE_NOTE))
                    .filter(c -> c.rootSessionId().equals(root.getId()));
            status = challenge.map(c -> c.statusAt(now).wireName()).orElse(ChallengeStatus.EXPIRED.wireName());
            pushFailed = challenge.isPresent() && store.pushFailed(challenge.get().id());
        }
        // push_failed: the page then tells the citizen to open the app themselves.
        return Response.ok(Map.of("status", status, "push_failed", pushFailed), MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store").build();
    }
}
