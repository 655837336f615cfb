package fr.idnum.protocol;

/**
 * Claim and header values of the JWS the device signs. Registered claims ({@code iss}, {@code aud},
 * {@code iat}, {@code exp}, {@code jti}) keep their JWT meaning:
 * <ul>
 *   <li>activation: header {@code typ} = {@link #ACTIVATION_TYPE}, the new device public key in the
 *       {@code jwk} header (the signature proves the app holds the private key); no {@code iss};</li>
 *   <li>every later request: header {@code typ} = {@link #REQUEST_TYPE}, {@code kid} = the device credential
 *       id, {@code iss} = the same id;</li>
 *   <li>always: {@code aud} = the exact endpoint URL ({@link DeviceApi#endpoint}), {@code iat}, {@code exp}
 *       at most {@link DeviceApi#MAX_REQUEST_LIFETIME_SECONDS} later, and a single-use random {@code jti}.</li>
 * </ul>
 */
public final class DeviceClaims {

    /** {@code typ} header of the activation request. */
    public static final String ACTIVATION_TYPE = "idnum-activation+jwt";
    /** {@code typ} header of every request signed by an activated device. */
    public static final String REQUEST_TYPE = "idnum-device+jwt";

    /** The 6-digit activation code the citizen received (SMS or registered mail). */
    public static final String ACTIVATION_CODE = "activation_code";
    /** The push registration token (FCM). */
    public static final String PUSH_TOKEN = "push_token";
    /** {@link Platform#wireName()}. */
    public static final String PLATFORM = "platform";
    /** The name the citizen gives the phone, shown in the account console ("Téléphone de Marie"). */
    public static final String DEVICE_LABEL = "device_label";
    /** The 4-digit code, as a {@link PinEnvelope} (compact JWE to the realm's encryption key). */
    public static final String PIN = "pin";
    /**
     * The request's own id ({@code jti}), chosen by the app before it seals the code, so the sealed code names the
     * one request it may be used in ({@link PinEnvelope}); {@link DeviceRequests} signs with it when present.
     */
    public static final String REQUEST_ID = "jti";
    /** The new 4-digit code of a PIN change, as a {@link PinEnvelope}. */
    public static final String NEW_PIN = "new_pin";

    /** Longest accepted push token and device label. */
    public static final int MAX_PUSH_TOKEN_LENGTH = 4096;
    public static final int MAX_LABEL_LENGTH = 64;

    /**
     * What a push token may be made of: an FCM registration token (or an APNs token in hex) uses these characters
     * only. The device API stores nothing else, and the enrollment service pushes to nothing else, so a token
     * accepted at activation is never one every later push fails on.
     */
    public static final String PUSH_TOKEN_PATTERN = "^[A-Za-z0-9_:-]+$";

    private DeviceClaims() {
    }
}
