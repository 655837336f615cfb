package fr.idnum.keycloak.push;

import java.time.Instant;
import java.util.Optional;

import fr.idnum.keycloak.device.DeviceCredentialModel;
import fr.idnum.keycloak.device.DeviceCredentialProvider;
import fr.idnum.keycloak.device.DeviceCredentialProviderFactory;
import org.jboss.logging.Logger;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * What Keycloak does when the push service says it no longer knows a phone's push token (the app was uninstalled,
 * or FCM expired or replaced the token): the phone is marked, so the next sign-ins push nothing to it and their page
 * tells the citizen at once to open the app, which pulls the challenge; an {@code UPDATE_CREDENTIAL} event and a log
 * line record it, naming the phone and the citizen, never the token. The phone's next token
 * ({@code device/push-token}, docs/device-api.md) lifts the mark.
 */
final class UnregisteredPushTokens {

    private static final Logger LOG = Logger.getLogger(UnregisteredPushTokens.class);

    private final KeycloakSession session;

    UnregisteredPushTokens(KeycloakSession session) {
        this.session = session;
    }

    /**
     * Marks the phone of {@code challenge}, if {@code token}, the one just refused, is still its token: a phone that
     * sent a new token meanwhile keeps it pushable. Returns whether it marked the phone (once per token).
     */
    boolean record(String realmId, Challenge challenge, String token, Instant now) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null) {
            return false;
        }
        // A push thread's session belongs to no request: Keycloak's user, credential and event code reads the realm
        // from the context.
        session.getContext().setRealm(realm);
        UserModel user = session.users().getUserById(realm, challenge.userId());
        if (user == null) {
            return false;
        }
        DeviceCredentialProvider phones = (DeviceCredentialProvider) session.getProvider(CredentialProvider.class,
                DeviceCredentialProviderFactory.PROVIDER_ID);
        // From the stored row, locked: a code judged or a token sent at the same time is neither undone nor marked.
        Optional<DeviceCredentialModel> marked = phones.lockedCopy(user, challenge.credentialId())
                .flatMap(phone -> phones.markPushTokenUnregistered(user, phone, token, now.toEpochMilli()));
        if (marked.isEmpty()) {
            LOG.debugf("idnum-push: phone %s of user %s: its push token was already marked, or replaced since the push",
                    challenge.credentialId(), user.getId());
            return false;
        }
        new EventBuilder(realm, session).event(EventType.UPDATE_CREDENTIAL).user(user)
                .detail(PushEvents.DEVICE_ACTION_DETAIL, PushEvents.PUSH_TOKEN_UNREGISTERED_ACTION)
                .detail(Details.CREDENTIAL_TYPE, DeviceCredentialModel.TYPE)
                .detail(Details.CREDENTIAL_ID, challenge.credentialId())
                .detail(PushEvents.CHALLENGE_DETAIL, challenge.id())
                .success();
        LOG.infof("idnum-push: the push service no longer knows the push token of phone %s of user %s: nothing is pushed"
                + " to it until the app sends a new one (the citizen opens the app to sign in)", challenge.credentialId(), user.getId());
        return true;
    }
}
