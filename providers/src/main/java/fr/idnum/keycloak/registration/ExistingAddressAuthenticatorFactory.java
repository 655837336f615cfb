package fr.idnum.keycloak.registration;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/** Factory of {@link ExistingAddressAuthenticator}, the registration flow's step right after the form. */
public class ExistingAddressAuthenticatorFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = "idnum-registration-existing-address";

    private static final Requirement[] REQUIREMENT_CHOICES = {Requirement.REQUIRED};
    private static final ExistingAddressAuthenticator AUTHENTICATOR = new ExistingAddressAuthenticator();

    @Override
    public Authenticator create(KeycloakSession session) {
        return AUTHENTICATOR;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Identité Numérique existing address (answered as a new one)";
    }

    @Override
    public String getReferenceCategory() {
        return null;
    }

    @Override
    public String getHelpText() {
        return "After the registration form: when the address already has an account, shows the same verify-e-mail"
                + " page as for a new account, e-mails the owner a notice without link, records REGISTER_ERROR"
                + " (reason address_has_account). Needs Identité Numérique account creation in the form.";
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
        // Nothing to start.
    }

    @Override
    public void close() {
        // Nothing held.
    }
}
