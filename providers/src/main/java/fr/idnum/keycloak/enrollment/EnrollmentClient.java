package fr.idnum.keycloak.enrollment;

import org.keycloak.provider.Provider;

/**
 * Keycloak's side of the enrollment service's internal API (DESIGN.md: Keycloak calls it with the
 * client-credentials token of its own service client {@code idnum-keycloak}). An interface so the device API
 * can be tested without the service, and so another transport could replace HTTP.
 */
public interface EnrollmentClient extends Provider {

    /**
     * Redeems a citizen's activation code: on success the enrollment is ACTIVE and the verified identity comes
     * back. Safe to retry with the same {@code idempotencyKey} (the same answer comes back).
     */
    Redemption redeem(String subject, String activationCode, String idempotencyKey);

    /**
     * Asks the enrollment service to wake the phone for a sign-in challenge (data-only push carrying the
     * challenge id). Bounded by a short timeout: returns whether the push service took it, and when it did not,
     * whether it said the token is dead; either way the citizen opens the app, which pulls the challenge itself.
     */
    PushResult push(String registrationToken, String platform, String challengeId, long ttlSeconds);

    /** Security notices the enrollment service e-mails to the citizen (it owns their address and the wording). */
    enum Notice { PHONE_ACTIVATED, PHONE_REPLACED, PHONE_LOCKED, SIGN_IN_LOCKED, PHONE_REMOVED }

    /**
     * Asks the enrollment service to e-mail {@code notice} to the citizen. Best effort: returns whether the
     * service took it; a failure is logged and never undoes what the notice is about.
     */
    boolean notify(String subject, Notice notice, String deviceLabel);

    /**
     * Whether the service answered lately (public status page): never waits on the service beyond a short
     * first probe; the answer may be a few seconds old.
     */
    boolean reachable();

    @Override
    default void close() {
        // Holds nothing per session.
    }
}
