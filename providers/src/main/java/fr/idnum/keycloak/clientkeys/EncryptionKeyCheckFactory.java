package fr.idnum.keycloak.clientkeys;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;

/** The client-policy executor {@link EncryptionKeyCheck}; the realm's client policies apply it to every client. */
public final class EncryptionKeyCheckFactory implements ClientPolicyExecutorProviderFactory {

    public static final String PROVIDER_ID = "idnum-client-encryption-key";

    @Override
    public ClientPolicyExecutorProvider create(KeycloakSession session) {
        return new EncryptionKeyCheck(session);
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "Refuses (400 invalid_client) a token or userinfo request of a client that wants encrypted tokens while"
                + " none of its encryption keys can be fetched, instead of Keycloak's 500.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }
}
