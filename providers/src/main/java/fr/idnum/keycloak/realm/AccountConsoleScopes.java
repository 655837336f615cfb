package fr.idnum.keycloak.realm;

import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.Constants;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderEvent;

/**
 * Gives Keycloak's account console the {@code roles} scope when a realm is created with one. Keycloak creates
 * its built-in clients before it imports the realm's own client scopes, so a realm that defines its scopes
 * itself (ours does: only what relying parties may ask for) leaves the account console with none, and its
 * REST API then refuses the console's token (403: no account roles in it): citizens could not see or remove
 * their phone. Our realm file declares the {@code roles} scope for this one client.
 */
public final class AccountConsoleScopes {

    static final String ROLES_SCOPE = "roles";

    private static final Logger LOG = Logger.getLogger(AccountConsoleScopes.class);

    private AccountConsoleScopes() {
    }

    public static void onEvent(ProviderEvent event) {
        if (event instanceof RealmModel.RealmPostCreateEvent created) {
            grant(created.getCreatedRealm());
        }
    }

    static void grant(RealmModel realm) {
        ClientModel console = realm.getClientByClientId(Constants.ACCOUNT_CONSOLE_CLIENT_ID);
        ClientScopeModel roles = realm.getClientScopesStream().filter(s -> ROLES_SCOPE.equals(s.getName())).findFirst().orElse(null);
        if (console == null || roles == null || console.getClientScopes(true).containsKey(ROLES_SCOPE)) {
            return;
        }
        console.addClientScope(roles, true);
        LOG.infof("Realm %s: the account console gets the '%s' client scope", realm.getName(), ROLES_SCOPE);
    }
}
