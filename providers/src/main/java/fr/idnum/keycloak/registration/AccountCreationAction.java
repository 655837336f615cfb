package fr.idnum.keycloak.registration;

import java.util.Locale;

import org.keycloak.authentication.FormContext;
import org.keycloak.authentication.ValidationContext;
import org.keycloak.authentication.forms.RegistrationUserCreation;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The registration form's account creation: Keycloak's ({@code registration-user-creation}: the user profile's
 * validation, then the account), except that an address that already names an account is not refused on the form
 * ("Cette adresse e-mail ne peut pas être utilisée", which tells anyone whether an address has an account). The form
 * then succeeds without creating or changing anything, and {@link RegistrationEmailAuthenticator}, next in the flow,
 * answers as for a new address and tells the address's owner (issue 14).
 */
public class AccountCreationAction extends RegistrationUserCreation {

    public static final String PROVIDER_ID = "idnum-registration-user-creation";

    @Override
    public void validate(ValidationContext context) {
        ExistingAddress.forget(context.getAuthenticationSession());
        RegistrationMailProgress.forget(context.getAuthenticationSession());
        ValidationOutcome outcome = new ValidationOutcome(context);
        super.validate(outcome);
        RealmModel realm = context.getRealm();
        if (TakenAddress.isTheOnlyRefusal(outcome.errors(), realm.isRegistrationEmailAsUsername())) {
            String address = address(context);
            UserModel owner = owner(context.getSession(), realm, address);
            if (owner != null) {
                new ExistingAddress(owner.getId(), address).keep(context.getAuthenticationSession());
                context.success();
                return;
            }
        }
        outcome.apply();
    }

    /**
     * A form whose address names an account creates nothing (a stand-in account, rolled back, takes the time the
     * account would have); any other, Keycloak's account.
     */
    @Override
    public void success(FormContext context) {
        if (ExistingAddress.of(context.getAuthenticationSession()) == null) {
            super.success(context);
        } else {
            StandInAccount.createAndRollBack(context);
        }
    }

    /** The address as a new account would keep it (the profile's value, lower-cased like the account's). */
    private String address(ValidationContext context) {
        String email = getOrCreateUserProfile(context, context.getHttpRequest().getDecodedFormParameters())
                .getAttributes().getFirst(UserModel.EMAIL);
        return email == null ? null : email.toLowerCase(Locale.ROOT);
    }

    private static UserModel owner(KeycloakSession session, RealmModel realm, String address) {
        if (address == null || address.isBlank()) {
            return null;
        }
        UserModel owner = session.users().getUserByEmail(realm, address);
        if (owner == null && realm.isRegistrationEmailAsUsername()) {
            owner = session.users().getUserByUsername(realm, address);
        }
        return owner;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Identité Numérique account creation (an existing address is not told)";
    }

    @Override
    public String getHelpText() {
        return "Keycloak's Registration User Profile Creation, except that an address that already has an account is"
                + " not refused: nothing is created and the next step, Identité Numérique registration e-mail, answers as"
                + " for a new address and tells the owner. Must be first in the form.";
    }
}
