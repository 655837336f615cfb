package fr.idnum.protocol;

import java.net.URI;

/**
 * Where the phone app talks to Keycloak and how: the device API lives under the realm's {@code idnum}
 * resource ({@code /realms/{realm}/idnum/}). Every call the device makes is a {@code POST} whose body is a
 * compact JWS ({@link #JOSE_MEDIA_TYPE}) signed by the device key, so no secret or signature ever travels in
 * a URL or a header that proxies log. Activation also carries the app's access token (OIDC, PKCE).
 */
public final class DeviceApi {

    /** Path segment of our realm resource, under {@code /realms/{realm}/}. */
    public static final String RESOURCE = "idnum";

    /** Activation: the app proves the activation code and registers its key, push token and PIN. */
    public static final String ACTIVATION = "device/activation";
    /**
     * Device-signed, with the 4-digit code: replace the push registration token (FCM/APNs rotate them; the app
     * sends the new one the next time the citizen types their code).
     */
    public static final String PUSH_TOKEN = "device/push-token";
    /** Device-signed, with the 4-digit code (none needed once the phone is locked): the citizen deactivates this phone. */
    public static final String DEACTIVATION = "device/deactivation";
    /** Device-signed: the citizen changes their 4-digit code (old and new, each encrypted to the realm). */
    public static final String PIN_CHANGE = "device/pin";
    /**
     * Device-signed, with the 4-digit code: lifts the protective lock that a fraud report
     * ({@link ChallengeAnswers#REPORT_FRAUD}) put on the citizen's sign-ins; 204.
     */
    public static final String SIGN_IN_UNLOCK = "device/sign-in-unlock";

    /**
     * Device-signed: the sign-in challenge waiting for this phone, if any. 200 with a JWS signed by the realm
     * ({@link #CHALLENGE_MEDIA_TYPE}, see {@link Challenges}), or 204 when nothing waits.
     */
    public static final String PENDING_CHALLENGE = "device/challenges/pending";
    /**
     * Header of every answer to {@link #PENDING_CHALLENGE} (200 and 204) whose phone's push token the push service
     * no longer knows, with the value {@link #PUSH_TOKEN_UNREGISTERED}; absent otherwise. The app then fetches a fresh
     * token from FCM and sends it to {@link #PUSH_TOKEN} with the code the citizen types next: until then nothing is
     * pushed to the phone. A challenge document carries the same fact, signed ({@link Challenges#PUSH_TOKEN_UNREGISTERED}).
     */
    public static final String PUSH_TOKEN_STATUS_HEADER = "Idnum-Push-Token";
    /** The value of {@link #PUSH_TOKEN_STATUS_HEADER}: the push service no longer knows this phone's token. */
    public static final String PUSH_TOKEN_UNREGISTERED = "unregistered";

    /** Device-signed: the citizen's answer to a challenge ({@link ChallengeAnswers}); 204 when taken. */
    public static final String CHALLENGE_ANSWER = "device/challenges/answer";

    /** Media type of the realm-signed challenge the phone receives: one compact JWS. */
    public static final String CHALLENGE_MEDIA_TYPE = "application/jwt";

    /** Media type of every device request body: one compact JWS. */
    public static final String JOSE_MEDIA_TYPE = "application/jose";
    /** Media type of every error answer (RFC 9457). */
    public static final String PROBLEM_MEDIA_TYPE = ProblemTypes.MEDIA_TYPE;

    /** The largest request body the API reads; anything longer is refused with 413 before parsing. */
    public static final int MAX_BODY_BYTES = 16 * 1024;

    /** A device-signed request is valid this long at most ({@code exp - iat}), and not older than this. */
    public static final long MAX_REQUEST_LIFETIME_SECONDS = 60;

    /** Tolerated clock difference between the phone and the server. */
    public static final long CLOCK_SKEW_SECONDS = 10;

    private DeviceApi() {
    }

    /**
     * The endpoint URL for {@code path}, also the {@code aud} the device puts in its signed request.
     *
     * @param issuer the realm's issuer, e.g. {@code https://idp.example.fr/realms/idnum}
     */
    public static URI endpoint(URI issuer, String path) {
        String base = issuer.toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + RESOURCE + "/" + path);
    }
}
