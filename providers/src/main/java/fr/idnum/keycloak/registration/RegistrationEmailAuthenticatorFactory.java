package fr.idnum.keycloak.registration;

import fr.idnum.keycloak.flow.StepFactory;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;

/** Factory of {@link RegistrationEmailAuthenticator}, the registration flow's step right after the form. */
public class RegistrationEmailAuthenticatorFactory extends StepFactory {

    public static final String PROVIDER_ID = "idnum-registration-email";

    private static final RegistrationEmailAuthenticator AUTHENTICATOR = new RegistrationEmailAuthenticator();

    public RegistrationEmailAuthenticatorFactory() {
        super(PROVIDER_ID, "Identité Numérique registration e-mail (every address answered alike)",
                "After the registration form: the verify-e-mail page, the same for every address. A new account is"
                        + " e-mailed Keycloak's link; an address that already has an account, a notice without link to its owner,"
                        + " and REGISTER_ERROR is recorded (reason address_has_account). Needs Identité Numérique account creation.",
                Requirement.REQUIRED);
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return AUTHENTICATOR;
    }
}
