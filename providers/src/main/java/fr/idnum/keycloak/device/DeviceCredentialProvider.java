package fr.idnum.keycloak.device;

import java.util.Optional;

import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Stores activated phones as {@code idnum-device} credentials. Phones are created by the device API with the
 * activation code, never from the admin or account console; both consoles list them and may delete them,
 * which revokes the phone. Labels shown to people are message keys (French first, see the realm's
 * localization texts).
 */
public class DeviceCredentialProvider implements CredentialProvider<DeviceCredentialModel> {

    static final String DISPLAY_NAME = "idnum-device-display-name";
    static final String HELP_TEXT = "idnum-device-help-text";
    static final String ICON = "kcAuthenticatorIdnumDeviceClass";

    private final KeycloakSession session;
    private final PinVerifier pins;
    private final int maxPinFailures;

    DeviceCredentialProvider(KeycloakSession session, PinVerifier pins, int maxPinFailures) {
        this.session = session;
        this.pins = pins;
        this.maxPinFailures = maxPinFailures;
    }

    @Override
    public String getType() {
        return DeviceCredentialModel.TYPE;
    }

    @Override
    public CredentialModel createCredential(RealmModel realm, UserModel user, DeviceCredentialModel credential) {
        return user.credentialManager().createStoredCredential(credential);
    }

    @Override
    public boolean deleteCredential(RealmModel realm, UserModel user, String credentialId) {
        return user.credentialManager().removeStoredCredentialById(credentialId);
    }

    @Override
    public DeviceCredentialModel getCredentialFromModel(CredentialModel model) {
        return DeviceCredentialModel.from(model);
    }

    @Override
    public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext context) {
        return CredentialTypeMetadata.builder()
                .type(getType())
                .category(CredentialTypeMetadata.Category.TWO_FACTOR)
                .displayName(DISPLAY_NAME)
                .helpText(HELP_TEXT)
                .iconCssClass(ICON)
                .removeable(true)
                .build(session);
    }

    /** The verifier of a new 4-digit code. */
    public DeviceSecretData newPinVerifier(String pin) {
        return pins.newVerifier(pin);
    }

    /**
     * Judges a 4-digit code for an active phone and stores the outcome: a right code resets the failures, a
     * wrong one counts and locks the phone at the limit. A locked phone refuses every code, even the right one.
     */
    public PinOutcome checkPin(UserModel user, DeviceCredentialModel device, String candidate, long nowMillis) {
        if (device.data().status() != DeviceStatus.ACTIVE) {
            return new PinOutcome(false, 0, true);
        }
        boolean right = pins.matches(device.secret(), candidate);
        DeviceCredentialData data = right ? device.data().pinAccepted(nowMillis) : device.data().pinRefused(maxPinFailures);
        user.credentialManager().updateStoredCredential(device.with(data));
        return new PinOutcome(right, Math.max(0, maxPinFailures - data.pinFailures()), data.status() == DeviceStatus.LOCKED);
    }

    /** What came of a 4-digit code: right or not, tries left before the lock, and whether the phone is locked. */
    public record PinOutcome(boolean accepted, int attemptsLeft, boolean locked) {
    }

    /** The user's phone with this credential id, if it is one of theirs and an {@code idnum-device}. */
    public Optional<DeviceCredentialModel> find(UserModel user, String credentialId) {
        CredentialModel stored = user.credentialManager().getStoredCredentialById(credentialId);
        if (stored == null || !DeviceCredentialModel.TYPE.equals(stored.getType())) {
            return Optional.empty();
        }
        return Optional.of(DeviceCredentialModel.from(stored));
    }
}
