package fr.idnum.keycloak.push;

/**
 * What the push sign-in records in Keycloak's events: the error of each refusal and the detail naming the
 * challenge. Written by the flow step and by the device API's answers alike, and asserted by the tests, so spelt
 * once here.
 */
public final class PushEvents {

    /** A citizen without an activated phone asked for eidas2 (or the phone that approved was replaced since). */
    public static final String NO_DEVICE_EVENT_ERROR = "idnum_no_active_device";
    public static final String DENIED_EVENT_ERROR = "idnum_push_denied";
    public static final String FRAUD_REPORTED_EVENT_ERROR = "idnum_push_fraud_reported";
    public static final String EXPIRED_EVENT_ERROR = "idnum_push_expired";
    public static final String WRONG_NUMBER_EVENT_ERROR = "idnum_push_wrong_number";
    public static final String LOCKED_EVENT_ERROR = "idnum_push_device_locked";
    public static final String SUPERSEDED_EVENT_ERROR = "idnum_push_superseded";
    public static final String SUSPENDED_EVENT_ERROR = "idnum_enrollment_not_active";
    /** The citizen's own protective lock holds (a fraud report from the phone). */
    public static final String SIGN_IN_LOCKED_EVENT_ERROR = "idnum_sign_in_locked";
    public static final String RATE_LIMITED_EVENT_ERROR = "idnum_push_too_many_requests";
    /** Event detail naming the challenge, on every event of a push sign-in. */
    public static final String CHALLENGE_DETAIL = "idnum_challenge_id";
    /** Event detail saying what changed a phone (the device API's requests, and the push below). */
    public static final String DEVICE_ACTION_DETAIL = "idnum_device_action";
    /**
     * {@link #DEVICE_ACTION_DETAIL} of the {@code UPDATE_CREDENTIAL} event recorded when the push service said it no
     * longer knows a phone's push token: nothing is pushed to it any more until the phone sends a new one.
     */
    public static final String PUSH_TOKEN_UNREGISTERED_ACTION = "push-token-unregistered";

    private PushEvents() {
    }
}
