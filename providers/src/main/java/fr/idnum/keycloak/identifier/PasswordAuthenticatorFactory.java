package fr.idnum.keycloak.identifier;

import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.browser.PasswordFormFactory;
import org.keycloak.models.KeycloakSession;

/** Factory of {@link PasswordAuthenticator}: Keycloak's password step, under our id. */
public class PasswordAuthenticatorFactory extends PasswordFormFactory {

    public static final String PROVIDER_ID = "idnum-password";

    @Override
    public Authenticator create(KeycloakSession session) {
        return new PasswordAuthenticator(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Identité Numérique password (no account disclosure)";
    }
}
