package fr.idnum.protocol.enrollment;

/**
 * The enrollment service's internal API, called by Keycloak's service client, and the realm resource endpoint the
 * enrollment service calls back.
 */
public final class InternalApi {

    /** {@code POST}: redeem an activation code for a citizen; answers the verified identity ({@link IdentityAttributes}). */
    public static final String ACTIVATIONS = "/api/v1/internal/activations";
    /** {@code POST}: e-mail a security notice ({@link Notice}) to a citizen. */
    public static final String CITIZEN_NOTICES = "/api/v1/internal/citizen-notices";
    /** {@code POST}: push a challenge to a phone. */
    public static final String PUSH = "/api/v1/internal/push";
    /**
     * Problem name of a push answered {@code 410}: the push service (FCM) no longer knows the registration token (app
     * uninstalled, token expired or replaced). Pushing to it again cannot work: Keycloak stops until the phone sends
     * a new token.
     */
    public static final String PUSH_TOKEN_UNREGISTERED = "push-token-unregistered";

    /** Request header of a redemption: a retry with the same key (and code) is answered again. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /**
     * Answer header of a redemption, {@code true} on a retry of one already made: Keycloak must then not replace a
     * phone it already holds for that device key.
     */
    public static final String REPLAYED = "Idempotent-Replayed";

    /**
     * Under the realm resource ({@code /realms/{realm}/idnum/}): {@code PUT enrollment-status/{userId}} with a
     * {@link StatusUpdate}, by the enrollment service's account (role {@link StatusUpdate#WRITER_ROLE}).
     */
    public static final String KEYCLOAK_ENROLLMENT_STATUS = "enrollment-status";

    private InternalApi() {
    }
}
