package fr.idnum.protocol;

/**
 * The refusals of the device API, answered as RFC 9457 problems ({@link DeviceApi#PROBLEM_MEDIA_TYPE}) whose
 * {@code type} is {@link #TYPE_BASE} + one of these names. The app keys its French message on the name; the
 * {@code detail} is for developers. Extension members: {@link #VIOLATION} (a {@link PinRules.Violation} wire
 * name) and {@link #ATTEMPTS_LEFT}.
 */
public final class DeviceProblems {

    public static final String TYPE_BASE = ProblemTypes.BASE;

    public static final String VIOLATION = "violation";
    public static final String ATTEMPTS_LEFT = ProblemTypes.ATTEMPTS_LEFT;
    /** RFC 3339 instant from which a posted activation code works ({@link #ACTIVATION_CODE_NOT_YET_VALID}). */
    public static final String NOT_BEFORE = ProblemTypes.NOT_BEFORE;
    /**
     * On {@link #ACTIVATION_CODE_USED} when this phone's key is already activated (a retry whose first answer was
     * lost): the credential id the app signs with ({@code kid}). Nothing was changed by the retry.
     */
    public static final String CREDENTIAL_ID = "credential_id";

    /** 400: the body is not a well-formed request of this endpoint (JWS, claims, key). */
    public static final String INVALID_REQUEST = "invalid-request";
    /** 400: this request ({@code jti}) was already received. */
    public static final String REPLAYED_REQUEST = "replayed-request";
    /** 401: no valid access token of the phone app (activation). */
    public static final String INVALID_TOKEN = "invalid-token";
    /** 403: the access token was not issued to the phone app. */
    public static final String WRONG_CLIENT = "wrong-client";
    /** 401: the device request is not signed by an activated phone, or has expired. */
    public static final String INVALID_DEVICE_REQUEST = "invalid-device-request";
    /** 403: too many wrong 4-digit codes; the phone must be activated again. */
    public static final String DEVICE_LOCKED = "device-locked";
    /** 409: the citizen already has an active phone and this server keeps one (replacement disabled). */
    public static final String DEVICE_EXISTS = "device-exists";
    /** 404: no endpoint of the device API has this path. */
    public static final String NOT_FOUND = "not-found";
    /** 405: the endpoint exists but takes only {@code POST}; the answer's {@code Allow} header says so. */
    public static final String METHOD_NOT_ALLOWED = "method-not-allowed";
    /** 413 and 415. */
    public static final String REQUEST_TOO_LARGE = "request-too-large";
    public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported-media-type";
    /** 400: the encrypted 4-digit code cannot be opened (wrong key, purpose or age). */
    public static final String INVALID_PIN_ENVELOPE = "invalid-pin-envelope";
    /** 400: the new 4-digit code breaks a rule, named in {@link #VIOLATION}. */
    public static final String WEAK_PIN = "weak-pin";
    /** 400: the current 4-digit code is wrong; {@link #ATTEMPTS_LEFT} before the lock. */
    public static final String WRONG_PIN = "wrong-pin";
    /** 400: wrong activation code; {@link #ATTEMPTS_LEFT} when known. */
    public static final String WRONG_ACTIVATION_CODE = "wrong-activation-code";
    /** 410: the activation code expired, or died after too many wrong tries: ask for a new one. */
    public static final String ACTIVATION_CODE_EXPIRED = "activation-code-expired";
    public static final String ACTIVATION_CODE_EXHAUSTED = "activation-code-exhausted";
    /**
     * 409: the activation code came by post after a change of phone or number and works only from {@link #NOT_BEFORE}
     * (cooling-off); a Retry-After header says in how many seconds. The app tells the citizen the date.
     */
    public static final String ACTIVATION_CODE_NOT_YET_VALID = "activation-code-not-yet-valid";
    /** 409: already used. */
    public static final String ACTIVATION_CODE_USED = "activation-code-used";
    /** 409: the identity is not verified yet. */
    public static final String IDENTITY_NOT_VERIFIED = "identity-not-verified";
    /**
     * The enrollment is suspended by an operator (e.g. suspected fraud), or revoked: the app tells the citizen to call
     * support. 409 at activation, 403 on the requests of an activated phone.
     */
    public static final String ENROLLMENT_SUSPENDED = "enrollment-suspended";
    /** 404: the account has no enrollment. */
    public static final String NO_ENROLLMENT = "no-enrollment";
    /**
     * 404: no such challenge for this phone (never was, or gone from the store). A challenge superseded by a newer
     * one is still known: answering it is a 409 {@link #CHALLENGE_ANSWERED}.
     */
    public static final String UNKNOWN_CHALLENGE = "unknown-challenge";
    /** 410: the challenge expired before the answer. */
    public static final String CHALLENGE_EXPIRED = "challenge-expired";
    /** 409: the challenge was already answered (replay, or another answer was first). */
    public static final String CHALLENGE_ANSWERED = "challenge-answered";
    /** 400: the number picked on the phone is not the one the browser shows; the sign-in is refused. */
    public static final String WRONG_NUMBER = "wrong-number";
    /** 503: the enrollment service cannot be reached; nothing was changed, try again. */
    public static final String ENROLLMENT_UNAVAILABLE = "enrollment-unavailable";

    private DeviceProblems() {
    }
}
