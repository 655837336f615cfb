package fr.idnum.keycloak.registration;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/** Factory of {@link RegistrationEmailAuthenticator}, the registration flow's step right after the form. */
public class RegistrationEmailAuthenticatorFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = "idnum-registration-email";

    private static final Requirement[] REQUIREMENT_CHOICES = {Requirement.REQUIRED};
    private static final RegistrationEmailAuthenticator AUTHENTICATOR = new RegistrationEmailAuthenticator();

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
        return "Identité Numérique registration e-mail (every address answered alike)";
    }

    @Override
    public String getReferenceCategory() {
        return null;
    }

    @Override
    public String getHelpText() {
        return "After the registration form: the verify-e-mail page, the same for every address. A new account is"
                + " e-mailed Keycloak's link; an address that already has an account, a notice without link to its owner,"
                + " and REGISTER_ERROR is recorded (reason address_has_account). Needs Identité Numérique account creation.";
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
