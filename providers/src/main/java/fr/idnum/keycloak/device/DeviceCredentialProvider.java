package fr.idnum.keycloak.device;

import java.util.Optional;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityNotFoundException;
import jakarta.persistence.LockModeType;

import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.jpa.entities.CredentialEntity;
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
     * {@code device} must be the {@linkplain #lockedCopy stored phone, locked} by this transaction: codes sent at once
     * are then judged one after the other, each seeing the failures of the previous ones, so the limit holds whatever
     * the concurrency.
     */
    public PinOutcome judgePin(UserModel user, DeviceCredentialModel device, String candidate, long nowMillis) {
        if (device.data().status() != DeviceStatus.ACTIVE) {
            return new PinOutcome(false, 0, true, device);
        }
        boolean right = pins.matches(device.secret(), candidate);
        DeviceCredentialData data = right ? device.data().pinAccepted(nowMillis) : device.data().pinRefused(maxPinFailures);
        // A verifier made under a previous PIN key is remade under the current one while the right code is at hand.
        DeviceCredentialModel judged = right && pins.outdated(device.secret())
                ? device.with(data, pins.newVerifier(candidate)) : device.with(data);
        user.credentialManager().updateStoredCredential(judged);
        return new PinOutcome(right, Math.max(0, maxPinFailures - data.pinFailures()), data.status() == DeviceStatus.LOCKED, judged);
    }

    /**
     * Records that the push service no longer knows {@code token}, if it is still the phone's and not marked yet;
     * returns the phone as now stored, or empty when there was nothing to mark (already marked, or the phone sent a
     * new token since the push). {@code device} must be the {@linkplain #lockedCopy stored phone, locked} by this
     * transaction, so that a code judged or a token sent at the same time is neither undone nor marked dead.
     */
    public Optional<DeviceCredentialModel> markPushTokenUnregistered(UserModel user, DeviceCredentialModel device, String token,
                                                                     long nowMillis) {
        Optional<DeviceCredentialModel> marked = device.data().withPushTokenUnregistered(token, nowMillis).map(device::with);
        marked.ifPresent(user.credentialManager()::updateStoredCredential);
        return marked;
    }

    /**
     * What came of a 4-digit code: right or not, tries left before the lock, whether the phone is locked, and the
     * phone as now stored, for a caller that goes on changing it in this transaction.
     */
    public record PinOutcome(boolean accepted, int attemptsLeft, boolean locked, DeviceCredentialModel device) {
    }

    /**
     * The phone as stored right now, its row locked until this transaction ends (the device API takes it once per
     * request, once the signature is checked). Every read-modify-write of a phone (code checks, push token, code
     * change) starts from it rather than from the copy read with the request, which the user cache may have served
     * from before a concurrent request's commit: writing that copy back would undo the other request's failure count
     * or lock. Empty if the phone is gone or is not this user's.
     */
    public Optional<DeviceCredentialModel> lockedCopy(UserModel user, String credentialId) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        CredentialEntity entity = em.find(CredentialEntity.class, credentialId);
        if (entity == null || !DeviceCredentialModel.TYPE.equals(entity.getType()) || !entity.getUser().getId().equals(user.getId())) {
            return Optional.empty();
        }
        em.flush(); // this transaction's own pending changes first: the refresh below must not drop them
        try {
            em.refresh(entity, LockModeType.PESSIMISTIC_WRITE);
        } catch (EntityNotFoundException deletedMeanwhile) {
            return Optional.empty();
        }
        CredentialModel stored = new CredentialModel();
        stored.setId(entity.getId());
        stored.setType(entity.getType());
        stored.setUserLabel(entity.getUserLabel());
        stored.setCreatedDate(entity.getCreatedDate());
        stored.setSecretData(entity.getSecretData());
        stored.setCredentialData(entity.getCredentialData());
        return Optional.of(DeviceCredentialModel.from(stored));
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
