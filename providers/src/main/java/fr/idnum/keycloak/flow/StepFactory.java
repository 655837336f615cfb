package fr.idnum.keycloak.flow;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * What the factories of our authentication steps share, so that each says only what is its own: its id, the name
 * and help an administrator reads in the flow editor, the requirements it may be given, and whatever it adds (a
 * configuration, server-wide settings, a thread pool started and closed with the server). By default a step has no
 * per-execution configuration, no user setup, no reference category, no server-wide settings and holds nothing.
 */
public abstract class StepFactory implements AuthenticatorFactory {

    private final String id;
    private final String displayType;
    private final String helpText;
    private final Requirement[] requirementChoices;

    protected StepFactory(String id, String displayType, String helpText, Requirement... requirementChoices) {
        this.id = id;
        this.displayType = displayType;
        this.helpText = helpText;
        this.requirementChoices = requirementChoices.clone();
    }

    @Override
    public final String getId() {
        return id;
    }

    @Override
    public final String getDisplayType() {
        return displayType;
    }

    @Override
    public final String getHelpText() {
        return helpText;
    }

    @Override
    public final Requirement[] getRequirementChoices() {
        return requirementChoices.clone();
    }

    @Override
    public String getReferenceCategory() {
        return null;
    }

    @Override
    public boolean isConfigurable() {
        return false;
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
        // Nothing to start.
    }

    @Override
    public void close() {
        // Nothing held.
    }
}
