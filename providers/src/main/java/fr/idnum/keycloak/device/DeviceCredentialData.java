package fr.idnum.keycloak.device;

import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What Keycloak knows of an activated phone, stored as the credential's public data (shown to
 * administrators under user → Credentials; nothing in it is secret).
 *
 * @param publicKey   the device's EC P-256 public key, as a JWK JSON object
 * @param pushToken   the push registration token (FCM), replaced when the app reports a new one
 * @param platform    {@code android} or {@code ios}
 * @param status      {@link DeviceStatus}
 * @param activatedAt activation time, epoch milliseconds
 * @param lastUsedAt  last successful device request, epoch milliseconds (null until one)
 * @param pinFailures consecutive wrong 4-digit codes; the phone locks at the configured limit
 * @param pushTokenUnregisteredAt when the push service said it no longer knows {@code pushToken}, epoch milliseconds
 *                    (null while no one said so): nothing is pushed to it any more, until the phone sends a new token
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeviceCredentialData(String publicKey, String pushToken, String platform, DeviceStatus status,
                                   long activatedAt, Long lastUsedAt, int pinFailures, Long pushTokenUnregisteredAt) {

    /** What Jackson reads and writes (a phone stored before the field existed reads as pushable). */
    @JsonCreator
    public DeviceCredentialData {
    }

    /** A phone whose push token no one has said is dead. */
    public DeviceCredentialData(String publicKey, String pushToken, String platform, DeviceStatus status,
                                long activatedAt, Long lastUsedAt, int pinFailures) {
        this(publicKey, pushToken, platform, status, activatedAt, lastUsedAt, pinFailures, null);
    }

    /** The phone's new token, pushable again whatever was said of the old one. */
    public DeviceCredentialData withPushToken(String token, String newPlatform) {
        return new DeviceCredentialData(publicKey, token, newPlatform, status, activatedAt, lastUsedAt, pinFailures, null);
    }

    /** Whether the push service said it no longer knows the stored token. */
    public boolean pushTokenUnregistered() {
        return pushTokenUnregisteredAt != null;
    }

    /**
     * Marked as no longer known to the push service, if {@code token} is still the stored one and not marked yet: a
     * push answered after the phone sent a new token says nothing of the new one. Empty when there is nothing to mark.
     */
    public Optional<DeviceCredentialData> withPushTokenUnregistered(String token, long epochMillis) {
        if (pushTokenUnregistered() || pushToken == null || !pushToken.equals(token)) {
            return Optional.empty();
        }
        return Optional.of(new DeviceCredentialData(publicKey, pushToken, platform, status, activatedAt, lastUsedAt,
                pinFailures, epochMillis));
    }

    public DeviceCredentialData usedAt(long epochMillis) {
        return new DeviceCredentialData(publicKey, pushToken, platform, status, activatedAt, epochMillis, pinFailures,
                pushTokenUnregisteredAt);
    }

    /** After a right code: failures start again from zero. */
    public DeviceCredentialData pinAccepted(long epochMillis) {
        return new DeviceCredentialData(publicKey, pushToken, platform, status, activatedAt, epochMillis, 0,
                pushTokenUnregisteredAt);
    }

    /** After a wrong code: one more failure, and the phone locks when it reaches {@code limit}. */
    public DeviceCredentialData pinRefused(int limit) {
        int failures = pinFailures + 1;
        return new DeviceCredentialData(publicKey, pushToken, platform,
                failures >= limit ? DeviceStatus.LOCKED : status, activatedAt, lastUsedAt, failures, pushTokenUnregisteredAt);
    }
}
