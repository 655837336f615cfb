package fr.idnum.keycloak.api;

import java.util.Optional;
import java.util.regex.Pattern;

import fr.idnum.protocol.DeviceClaims;
import fr.idnum.protocol.DeviceRequests;
import fr.idnum.protocol.Platform;
import fr.idnum.protocol.PrintableText;

/**
 * The claims of a device request whose signature and times were checked ({@link DeviceRequests.Verified}), each
 * read with its rule: a claim that breaks it is a 400 {@code invalid-request} naming the claim, so no endpoint
 * spells the rules of the wire format ({@link DeviceClaims}) again.
 */
final class RequestClaims {

    /** Longest free-form value (challenge id, nonce, decision, sealed code) an answer may carry. */
    static final int MAX_TEXT_LENGTH = 8192;

    private static final Pattern ACTIVATION_CODE = Pattern.compile("^[0-9]{6}$");
    private static final Pattern PUSH_TOKEN = Pattern.compile(DeviceClaims.PUSH_TOKEN_PATTERN);

    private final DeviceRequests.Verified verified;

    RequestClaims(DeviceRequests.Verified verified) {
        this.verified = verified;
    }

    /** The checked request, for what needs it whole (the sealed code names its {@code jti}). */
    DeviceRequests.Verified verified() {
        return verified;
    }

    /** A string claim, or null when absent; any other JSON type is refused. */
    String string(String name) {
        try {
            return verified.string(name);
        } catch (DeviceRequests.InvalidDeviceRequest e) {
            throw DeviceProblem.invalidRequest(e.getMessage() + ".");
        }
    }

    /** A string claim that must be present. */
    String required(String name) {
        String value = string(name);
        if (value == null) {
            throw DeviceProblem.invalidRequest("'" + name + "' is required.");
        }
        return value;
    }

    /** A string claim that must be present, not blank, and at most {@link #MAX_TEXT_LENGTH} characters. */
    String text(String name) {
        String value = string(name);
        if (value == null || value.isBlank() || value.length() > MAX_TEXT_LENGTH) {
            throw DeviceProblem.invalidRequest("'" + name + "' is required.");
        }
        return value;
    }

    /**
     * A whole number, or {@code null} when absent. Anything else (a string, a fraction, beyond an int) is a client's
     * type error, refused as such: read loosely, {@code "42"} would be a wrong number that ends the sign-in, and
     * {@code 42.9} would pass as 42.
     */
    Integer integer(String name) {
        Object value = verified.claims().getClaim(name);
        if (value == null) {
            return null;
        }
        if ((value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte)
                && ((Number) value).longValue() == ((Number) value).intValue()) {
            return ((Number) value).intValue();
        }
        throw DeviceProblem.invalidRequest("'" + name + "' must be a whole number.");
    }

    /**
     * {@link DeviceClaims#PUSH_TOKEN}: required, at most {@link DeviceClaims#MAX_PUSH_TOKEN_LENGTH}, and made of what
     * the enrollment service pushes to ({@link DeviceClaims#PUSH_TOKEN_PATTERN}): a token it would refuse would be
     * stored here and make every later push fail silently.
     */
    String pushToken() {
        String token = string(DeviceClaims.PUSH_TOKEN);
        if (token == null || token.isBlank() || token.length() > DeviceClaims.MAX_PUSH_TOKEN_LENGTH) {
            throw DeviceProblem.invalidRequest("'" + DeviceClaims.PUSH_TOKEN + "' is required, at most "
                    + DeviceClaims.MAX_PUSH_TOKEN_LENGTH + " characters.");
        }
        if (!PUSH_TOKEN.matcher(token).matches()) {
            throw DeviceProblem.invalidRequest("'" + DeviceClaims.PUSH_TOKEN
                    + "' must be a push registration token (letters, digits, '_', ':', '-').");
        }
        return token;
    }

    /** {@link DeviceClaims#PLATFORM}, required. */
    Platform platform() {
        return Platform.fromWire(string(DeviceClaims.PLATFORM)).orElseThrow(RequestClaims::unknownPlatform);
    }

    /** {@link DeviceClaims#PLATFORM} when sent (a new push token may come without it); a value sent must be known. */
    Optional<Platform> optionalPlatform() {
        String wire = string(DeviceClaims.PLATFORM);
        return wire == null ? Optional.empty() : Optional.of(Platform.fromWire(wire).orElseThrow(RequestClaims::unknownPlatform));
    }

    /** {@link DeviceClaims#DEVICE_LABEL}: 1 to {@link DeviceClaims#MAX_LABEL_LENGTH} printable characters, stripped. */
    String deviceLabel() {
        String label = string(DeviceClaims.DEVICE_LABEL);
        if (label == null || label.isBlank() || label.length() > DeviceClaims.MAX_LABEL_LENGTH
                || !PrintableText.isPrintable(label)) {
            throw DeviceProblem.invalidRequest("'" + DeviceClaims.DEVICE_LABEL + "' is required, 1 to "
                    + DeviceClaims.MAX_LABEL_LENGTH + " printable characters.");
        }
        return label.strip();
    }

    /** {@link DeviceClaims#ACTIVATION_CODE}: 6 digits. */
    String activationCode() {
        String code = string(DeviceClaims.ACTIVATION_CODE);
        if (code == null || !ACTIVATION_CODE.matcher(code).matches()) {
            throw DeviceProblem.invalidRequest("'" + DeviceClaims.ACTIVATION_CODE + "' must be 6 digits.");
        }
        return code;
    }

    private static DeviceProblem unknownPlatform() {
        return DeviceProblem.invalidRequest("'" + DeviceClaims.PLATFORM + "' must be android or ios.");
    }
}
