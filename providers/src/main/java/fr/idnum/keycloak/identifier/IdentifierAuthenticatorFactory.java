package fr.idnum.keycloak.identifier;

import java.util.List;

import fr.idnum.keycloak.flow.StepFactory;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** Factory of {@link IdentifierAuthenticator}. */
public class IdentifierAuthenticatorFactory extends StepFactory {

    public static final String PROVIDER_ID = "idnum-identifier";

    /** Server-wide: {@code --spi-authenticator--idnum-identifier--max-per-identifier} (default 10). */
    static final String MAX_PER_IDENTIFIER = "max-per-identifier";

    private IdentifierAuthenticator authenticator = new IdentifierAuthenticator(IdentifierAuthenticator.DEFAULT_MAX_PER_IDENTIFIER);

    public IdentifierAuthenticatorFactory() {
        super(PROVIDER_ID, "Identité Numérique identifier (does not reveal accounts)",
                "Asks for the identifier; an unknown one goes on like a known one, so the page never tells whether an account exists.",
                Requirement.REQUIRED);
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return authenticator;
    }

    @Override
    public void init(Config.Scope config) {
        authenticator = new IdentifierAuthenticator(Math.max(1, config.getInt(MAX_PER_IDENTIFIER, IdentifierAuthenticator.DEFAULT_MAX_PER_IDENTIFIER)));
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(MAX_PER_IDENTIFIER).type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(IdentifierAuthenticator.DEFAULT_MAX_PER_IDENTIFIER)
                .helpText("Sign-ins at eidas2 one identifier may start in any 15 minutes, whether it names an account or not").add()
                .build();
    }
}
