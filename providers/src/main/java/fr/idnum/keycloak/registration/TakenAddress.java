package fr.idnum.keycloak.registration;

import java.util.List;
import java.util.Set;

import org.keycloak.models.utils.FormMessage;
import org.keycloak.services.messages.Messages;

/**
 * Whether a registration form was refused only because its address already names an account: the one refusal that
 * must not be shown (issue 14, enumeration), since it tells anyone who types an address whether it has an account.
 * Any other refusal (a malformed address, the terms of use) is shown as for a new address.
 */
final class TakenAddress {

    private TakenAddress() {
    }

    /**
     * {@code errors}: what Keycloak's profile validation refused. A username already taken counts only when the
     * username is the e-mail ({@code registrationEmailAsUsername}); otherwise it is a name to choose again, which
     * says nothing of an address.
     */
    static boolean isTheOnlyRefusal(List<FormMessage> errors, boolean emailAsUsername) {
        if (errors == null || errors.isEmpty()) {
            return false;
        }
        Set<String> taken = emailAsUsername ? Set.of(Messages.EMAIL_EXISTS, Messages.USERNAME_EXISTS) : Set.of(Messages.EMAIL_EXISTS);
        return errors.stream().allMatch(error -> taken.contains(error.getMessage()));
    }
}
