package fr.idnum.keycloak.push;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;

import fr.idnum.keycloak.delivery.SenderPool;
import fr.idnum.keycloak.device.DeviceCredentialModel;
import fr.idnum.keycloak.flow.StepFactory;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/** Factory of {@link PushAuthenticator}. */
public class PushAuthenticatorFactory extends StepFactory {

    public static final String PROVIDER_ID = "idnum-push";

    /**
     * A push waits on the enrollment service (up to its push timeout): 8 threads and 2 000 waiting pushes per node;
     * beyond that a push is not sent and its challenge says so (the app can still pull it, the page tells the citizen
     * to open the app).
     */
    static final int PUSH_THREADS = 8;
    static final int PUSH_QUEUE = 2_000;

    private final PushAuthenticator authenticator;
    private final SenderPool senders = new SenderPool("idnum-push", PUSH_THREADS, PUSH_QUEUE);

    public PushAuthenticatorFactory() {
        this(Clock.systemUTC(), new SecureRandom());
    }

    /** Time and randomness of the step and of its challenges; tests give a fixed clock. */
    PushAuthenticatorFactory(Clock clock, SecureRandom random) {
        super(PROVIDER_ID, "Identité Numérique push approval (eidas2)",
                "Level-2 step: the citizen approves a push notification on their activated phone with their 4-digit secret code.",
                Requirement.REQUIRED, Requirement.DISABLED);
        this.authenticator = new PushAuthenticator(clock, new ChallengeIssuer(clock, random), senders);
    }

    /** The step keeps nothing between requests: one instance serves them all. */
    @Override
    public Authenticator create(KeycloakSession session) {
        return authenticator;
    }

    /** As Keycloak's own authenticators do, the category is the credential type the step checks. */
    @Override
    public String getReferenceCategory() {
        return DeviceCredentialModel.TYPE;
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PushConfigProperties.PROPERTIES;
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
