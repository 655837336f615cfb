package fr.idnum.keycloak.device;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.Config;
import org.keycloak.credential.CredentialProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * Factory of {@link DeviceCredentialProvider}. Server-wide settings ({@code --spi-credential--idnum-device--*},
 * or {@code KC_SPI_CREDENTIAL__IDNUM_DEVICE__*} in the environment):
 * <ul>
 *   <li>{@code pin-key}: base64 of at least 32 random bytes keying the 4-digit code verifiers. Required: the
 *       server refuses to start without it, since a verifier without a key would be brute-forced from a dump;</li>
 *   <li>{@code pin-key-id}: a name for that key, stored with each verifier (default {@code 1});</li>
 *   <li>{@code pin-previous-keys}: during a rotation, the keys before it, {@code id:base64} separated by commas:
 *       their verifiers still match and are remade under the current key at the next right code;</li>
 *   <li>{@code max-pin-failures}: consecutive wrong codes that lock the phone (default 3).</li>
 * </ul>
 */
public class DeviceCredentialProviderFactory implements CredentialProviderFactory<DeviceCredentialProvider> {

    public static final String PROVIDER_ID = DeviceCredentialModel.TYPE;

    static final String PIN_KEY = "pin-key";
    static final String PIN_KEY_ID = "pin-key-id";
    static final String PIN_PREVIOUS_KEYS = "pin-previous-keys";
    static final String MAX_PIN_FAILURES = "max-pin-failures";
    static final int DEFAULT_MAX_PIN_FAILURES = 3;

    private PinVerifier pins;
    private int maxPinFailures;

    @Override
    public DeviceCredentialProvider create(KeycloakSession session) {
        return new DeviceCredentialProvider(session, pins, maxPinFailures);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public void init(Config.Scope config) {
        String key = config.get(PIN_KEY);
        if (key == null || key.isBlank()) {
            throw new IllegalStateException("idnum-device: no PIN key configured. Set --spi-credential--idnum-device--pin-key "
                    + "(or KC_SPI_CREDENTIAL__IDNUM_DEVICE__PIN_KEY) to the base64 of 32 random bytes; see docs/operations.md");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(key.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("idnum-device: pin-key is not base64");
        }
        if (bytes.length < PinVerifier.MIN_KEY_BYTES) {
            throw new IllegalStateException("idnum-device: pin-key must hold at least " + PinVerifier.MIN_KEY_BYTES + " bytes");
        }
        pins = new PinVerifier(config.get(PIN_KEY_ID, "1"), bytes, previousKeys(config.get(PIN_PREVIOUS_KEYS)), new SecureRandom());
        maxPinFailures = config.getInt(MAX_PIN_FAILURES, DEFAULT_MAX_PIN_FAILURES);
        if (maxPinFailures < 1) {
            throw new IllegalStateException("idnum-device: max-pin-failures must be at least 1");
        }
    }

    /** {@code id:base64,id:base64}; empty when none. */
    static Map<String, byte[]> previousKeys(String value) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        if (value == null || value.isBlank()) {
            return keys;
        }
        for (String entry : value.split(",")) {
            int colon = entry.indexOf(':');
            if (colon < 1) {
                throw new IllegalStateException("idnum-device: pin-previous-keys entries are id:base64");
            }
            try {
                keys.put(entry.substring(0, colon).trim(), Base64.getDecoder().decode(entry.substring(colon + 1).trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("idnum-device: a pin-previous-keys entry is not base64");
            }
        }
        return keys;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(PIN_KEY).type(ProviderConfigProperty.PASSWORD)
                .helpText("Base64 of at least 32 random bytes keying the verifiers of the 4-digit codes (required)").add()
                .property().name(PIN_KEY_ID).type(ProviderConfigProperty.STRING_TYPE).defaultValue("1")
                .helpText("Name of the PIN key, stored with each verifier so the key can be rotated").add()
                .property().name(PIN_PREVIOUS_KEYS).type(ProviderConfigProperty.PASSWORD)
                .helpText("During a rotation: the previous keys, id:base64 separated by commas; their verifiers still match and are remade under the current key").add()
                .property().name(MAX_PIN_FAILURES).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(DEFAULT_MAX_PIN_FAILURES)
                .helpText("Consecutive wrong 4-digit codes that lock the phone").add()
                .build();
    }
}
