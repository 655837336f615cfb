package fr.idnum.keycloak.device;

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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeviceCredentialData(String publicKey, String pushToken, String platform, DeviceStatus status,
                                   long activatedAt, Long lastUsedAt, int pinFailures) {

    public DeviceCredentialData withPushToken(String token, String newPlatform) {
        return new DeviceCredentialData(publicKey, token, newPlatform, status, activatedAt, lastUsedAt, pinFailures);
    }

    public DeviceCredentialData usedAt(long epochMillis) {
        return new DeviceCredentialData(publicKey, pushToken, platform, status, activatedAt, epochMillis, pinFailures);
    }

    /** After a right code: failures start again from zero. */
    public DeviceCredentialData pinAccepted(long epochMillis) {
        return new DeviceCredentialData(publicKey, pushToken, platform, status, activatedAt, epochMillis, 0);
    }

    /** After a wrong code: one more failure, and the phone locks when it reaches {@code limit}. */
    public DeviceCredentialData pinRefused(int limit) {
        int failures = pinFailures + 1;
        return new DeviceCredentialData(publicKey, pushToken, platform,
                failures >= limit ? DeviceStatus.LOCKED : status, activatedAt, lastUsedAt, failures);
    }
}
