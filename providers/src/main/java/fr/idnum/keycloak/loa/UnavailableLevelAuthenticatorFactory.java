package fr.idnum.keycloak.loa;

import fr.idnum.keycloak.flow.StepFactory;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;

/** Factory of {@link UnavailableLevelAuthenticator}. */
public class UnavailableLevelAuthenticatorFactory extends StepFactory {

    public static final String PROVIDER_ID = "idnum-level-unavailable";

    public UnavailableLevelAuthenticatorFactory() {
        super(PROVIDER_ID, "Refuse unavailable level of assurance (idnum)",
                "Ends the login with the OIDC error response (access_denied) because the requested level of assurance cannot be reached. Place it in a sub-flow conditioned on the requested level.",
                Requirement.REQUIRED, Requirement.DISABLED);
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return UnavailableLevelAuthenticator.SINGLETON;
    }

    @Override
    public String getReferenceCategory() {
        return "loa";
    }
}
