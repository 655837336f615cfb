package fr.idnum.enrollment.messaging;

/**
 * Wakes the citizen's phone app for a sign-in challenge. Never throws for a delivery problem: the outcome
 * says what happened, so the caller (Keycloak) can mark a stale token or tell the citizen to open the app.
 * Implementations must never log the registration token.
 */
public interface PushSender {

    PushOutcome send(PushMessage message);
}
