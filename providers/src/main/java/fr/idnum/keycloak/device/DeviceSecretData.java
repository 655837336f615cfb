package fr.idnum.keycloak.device;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The credential's secret part: the verifier of the 4-digit code, never the code.
 *
 * @param keyId    which configured PIN key computed the verifier (so the key can be rotated)
 * @param salt     per-credential random salt, base64
 * @param verifier HMAC-SHA256 under the PIN key of the salt and the code, base64 (see {@link PinVerifier})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeviceSecretData(String keyId, String salt, String verifier) {
}
