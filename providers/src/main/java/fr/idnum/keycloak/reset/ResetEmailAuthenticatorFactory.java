package fr.idnum.keycloak.reset;

import fr.idnum.keycloak.delivery.SenderPool;
import fr.idnum.keycloak.flow.StepFactory;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Factory of {@link ResetEmailAuthenticator}, the reset flow's e-mail step in place of Keycloak's. */
public class ResetEmailAuthenticatorFactory extends StepFactory {

    public static final String PROVIDER_ID = "idnum-reset-credential-email";

    /**
     * An SMTP hand-over takes milliseconds to a few seconds: 4 threads and 1 000 waiting e-mails per node; beyond
     * that an e-mail is not sent, which is logged and evented (the citizen asks again), rather than kept waiting
     * longer than its link lives.
     */
    static final int MAIL_THREADS = 4;
    static final int MAIL_QUEUE = 1_000;

    private final SenderPool senders = new SenderPool("idnum-reset-mail", MAIL_THREADS, MAIL_QUEUE);
    private final ResetEmailAuthenticator authenticator = new ResetEmailAuthenticator(senders, ResetEmailAuthenticator.ResetLink.actionToken());

    public ResetEmailAuthenticatorFactory() {
        super(PROVIDER_ID, "Identité Numérique reset e-mail (sent after the answer)",
                "Sends the password-reset link by e-mail, as Keycloak's Send Reset Email, but off the request thread:"
                        + " the answer takes as long whether or not the address has an account.",
                Requirement.REQUIRED);
    }

    /** The step keeps nothing between requests: one instance serves them all. */
    @Override
    public Authenticator create(KeycloakSession session) {
        return authenticator;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        senders.start(factory);
    }

    @Override
    public void close() {
        senders.close();
    }
}
