package fr.idnum.keycloak.registration;

import java.util.UUID;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SubjectCredentialManager;
import org.keycloak.storage.adapter.AbstractInMemoryUserAdapter;

/**
 * What the verify-e-mail page is given to show for an existing address: the address and nothing else, never the
 * owner's account (whose names and attributes the page's model would otherwise hold). Kept in memory only.
 */
final class AddressOnlyUser extends AbstractInMemoryUserAdapter {

    AddressOnlyUser(KeycloakSession session, RealmModel realm, String address) {
        super(session, realm, UUID.randomUUID().toString());
        setUsername(address);
        setEmail(address);
        setEnabled(true);
        setReadonly(true);
    }

    /** It has no credentials, and nothing may ask it for any. */
    @Override
    public SubjectCredentialManager credentialManager() {
        throw new UnsupportedOperationException("an address shown on a page has no credentials");
    }
}
