package fr.idnum.keycloak.api;

import fr.idnum.keycloak.enrollment.EnrollmentClient;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;

/** The e-mails that tell a citizen what happened to their phone or sign-ins (through the enrollment service). */
@FunctionalInterface
interface CitizenNotices {

    void tell(String userId, EnrollmentClient.Notice notice, String deviceLabel);

    /**
     * The citizen hears of it only once it is true: the e-mail goes after the transaction committed, and a
     * failure to send it is logged, never undoes the change.
     */
    static CitizenNotices afterCommit(KeycloakSession session) {
        return (userId, notice, deviceLabel) -> session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                session.getProvider(EnrollmentClient.class).notify(userId, notice, deviceLabel);
            }

            @Override
            protected void rollbackImpl() {
                // Nothing happened: nothing to tell.
            }
        });
    }
}
