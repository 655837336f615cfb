package fr.idnum.keycloak.api;

import java.util.Optional;

import jakarta.persistence.EntityManager;

import fr.idnum.keycloak.device.DeviceCredentialModel;
import fr.idnum.keycloak.device.DeviceCredentialProvider;
import fr.idnum.keycloak.device.DeviceCredentialProviderFactory;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.jpa.entities.CredentialEntity;

/**
 * Finds the phone a device request names. A device only knows its credential id, and Keycloak's user API
 * looks credentials up per user, so the owner is read from the credential table (by primary key) and the
 * credential is then read back through the user's credential manager like any other.
 */
final class DeviceLookup implements DeviceRequestReader.Phones {

    record Device(UserModel user, DeviceCredentialModel credential) {
    }

    private final KeycloakSession session;
    private final RealmModel realm;

    DeviceLookup(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    @Override
    public Optional<Device> find(String credentialId) {
        if (credentialId == null || credentialId.length() > 36) {
            return Optional.empty();
        }
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        CredentialEntity entity = em.find(CredentialEntity.class, credentialId);
        if (entity == null || !DeviceCredentialModel.TYPE.equals(entity.getType())) {
            // As long as a phone that exists, whose owner is read next: a look-up of an owner nobody is (an id naming no
            // phone must not be told by its speed, EnumerationTimingIT).
            session.users().getUserById(realm, credentialId);
            return Optional.empty();
        }
        UserModel user = session.users().getUserById(realm, entity.getUser().getId());
        if (user == null || !user.isEnabled()) {
            return Optional.empty();
        }
        return provider(session).find(user, credentialId).map(credential -> new Device(user, credential));
    }

    @Override
    public Optional<DeviceCredentialModel> lockedCopy(UserModel user, String credentialId) {
        return provider(session).lockedCopy(user, credentialId);
    }

    static DeviceCredentialProvider provider(KeycloakSession session) {
        return (DeviceCredentialProvider) session.getProvider(CredentialProvider.class, DeviceCredentialProviderFactory.PROVIDER_ID);
    }
}
