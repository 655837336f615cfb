package fr.idnum.keycloak.loa;

import java.util.List;

import fr.idnum.keycloak.flow.StepFactory;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** Factory of {@link RequestedLevelCondition}. */
public class RequestedLevelConditionFactory extends StepFactory implements ConditionalAuthenticatorFactory {

    public static final String PROVIDER_ID = "idnum-condition-requested-level";

    private static final List<ProviderConfigProperty> CONFIG = ProviderConfigurationBuilder.create()
            .property()
            .name(RequestedLevelConditionConfig.MIN_LEVEL)
            .label("Minimum requested level")
            .helpText("The sub-flow runs only if the requested level of authentication is at least this one. Empty: no lower bound.")
            .type(ProviderConfigProperty.STRING_TYPE)
            .add()
            .property()
            .name(RequestedLevelConditionConfig.MAX_LEVEL)
            .label("Maximum requested level")
            .helpText("The sub-flow runs only if the requested level of authentication is at most this one. Empty: no upper bound. A request without acr counts as level 1.")
            .type(ProviderConfigProperty.STRING_TYPE)
            .add()
            .build();

    public RequestedLevelConditionFactory() {
        super(PROVIDER_ID, "Condition - requested level of authentication (idnum)",
                "Matches when the level of authentication requested by the client (acr_values or the acr claim) lies in the configured range.",
                Requirement.REQUIRED, Requirement.DISABLED);
    }

    @Override
    public ConditionalAuthenticator getSingleton() {
        return RequestedLevelCondition.SINGLETON;
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }
}
