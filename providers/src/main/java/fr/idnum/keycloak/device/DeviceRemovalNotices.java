package fr.idnum.keycloak.device;

import fr.idnum.keycloak.enrollment.EnrollmentClient;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;

/**
 * Tells the citizen by e-mail when one of their phones is removed, whichever way: the account console (its own
 * REST call or the {@code delete_credential} action), or the app's deactivation. Keycloak removes a credential of
 * a type it does not know without asking its provider, so the event it records is where to hear of it. Sent once
 * the removal is committed; a failure to send is logged by the client and never undoes it.
 */
public class DeviceRemovalNotices implements EventListenerProvider {

    private final KeycloakSession session;

    DeviceRemovalNotices(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        if (event.getType() != EventType.REMOVE_CREDENTIAL || event.getError() != null || event.getUserId() == null
                || event.getDetails() == null || !DeviceCredentialModel.TYPE.equals(event.getDetails().get(Details.CREDENTIAL_TYPE))) {
            return;
        }
        String userId = event.getUserId();
        String label = event.getDetails().getOrDefault(Details.CREDENTIAL_USER_LABEL, "");
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                session.getProvider(EnrollmentClient.class).notify(userId, EnrollmentClient.Notice.PHONE_REMOVED, label);
            }

            @Override
            protected void rollbackImpl() {
                // The phone is still there: nothing to tell.
            }
        });
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        // Operators act through the enrollment service, which tells the citizen itself.
    }

    @Override
    public void close() {
        // Nothing held.
    }
}
