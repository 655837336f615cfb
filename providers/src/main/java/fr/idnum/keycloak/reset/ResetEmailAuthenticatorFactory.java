package fr.idnum.keycloak.reset;

import java.util.List;

import fr.idnum.keycloak.delivery.SenderPool;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/** Factory of {@link ResetEmailAuthenticator}, the reset flow's e-mail step in place of Keycloak's. */
public class ResetEmailAuthenticatorFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = "idnum-reset-credential-email";

    /**
     * An SMTP hand-over takes milliseconds to a few seconds: 4 threads and 1 000 waiting e-mails per node; beyond
     * that an e-mail is not sent, which is logged and evented (the citizen asks again), rather than kept waiting
     * longer than its link lives.
     */
    static final int MAIL_THREADS = 4;
    static final int MAIL_QUEUE = 1_000;

    private static final Requirement[] REQUIREMENT_CHOICES = {Requirement.REQUIRED};

    private final SenderPool senders = new SenderPool("idnum-reset-mail", MAIL_THREADS, MAIL_QUEUE);
    private final ResetEmailAuthenticator authenticator = new ResetEmailAuthenticator(senders, ResetEmailAuthenticator.ResetLink.actionToken());

    /** The step keeps nothing between requests: one instance serves them all. */
    @Override
    public Authenticator create(KeycloakSession session) {
        return authenticator;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Identité Numérique reset e-mail (sent after the answer)";
    }

    @Override
    public String getReferenceCategory() {
        return null;
    }

    @Override
    public String getHelpText() {
        return "Sends the password-reset link by e-mail, as Keycloak's Send Reset Email, but off the request thread:"
                + " the answer takes as long whether or not the address has an account.";
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public Requirement[] getRequirementChoices() {
        return REQUIREMENT_CHOICES;
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    @Override
    public void init(Config.Scope config) {
        // No server-wide settings.
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
