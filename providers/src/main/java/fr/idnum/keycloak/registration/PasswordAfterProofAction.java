package fr.idnum.keycloak.registration;

import org.keycloak.authentication.FormContext;
import org.keycloak.authentication.forms.RegistrationPassword;
import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.models.PasswordPolicy;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Keycloak's registration password step ({@code registration-password-action}: with {@code verifyEmail} on, the
 * password is asked once the address is proven), for a form that may have created no account: when the address
 * already names one ({@link AccountCreationAction}) there is no account to give a password to, and Keycloak's step
 * would fail on the missing user.
 */
public class PasswordAfterProofAction extends RegistrationPassword {

    public static final String PROVIDER_ID = "idnum-registration-password";

    /** Keycloak's note, set while the form is built, that the password waits for the address's proof. */
    private static final String PASSWORD_AFTER_PROOF = "update_password_after_email_verification_note";

    @Override
    public void success(FormContext context) {
        if (context.getUser() != null) {
            super.success(context);
        } else if (!asksPasswordAfterProof(context.getAuthenticationSession())) {
            // The password is on the form (always_set_password_on_register_form): a new account's is hashed here,
            // so the typed one is hashed into nothing, for the answer to take as long (as PasswordAuthenticator does).
            String password = context.getHttpRequest().getDecodedFormParameters().getFirst("password");
            if (password != null) {
                PasswordPolicy policy = context.getRealm().getPasswordPolicy();
                PasswordHashProvider hash = policy.getHashAlgorithm() == null
                        ? context.getSession().getProvider(PasswordHashProvider.class)
                        : context.getSession().getProvider(PasswordHashProvider.class, policy.getHashAlgorithm());
                hash.encodedCredential(password, policy.getHashIterations());
            }
        }
    }

    /** Whether the password waits for the address's proof (Keycloak's step then gives a new account that required action). */
    static boolean asksPasswordAfterProof(AuthenticationSessionModel authSession) {
        return "true".equals(authSession.getAuthNote(PASSWORD_AFTER_PROOF));
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Identité Numérique password validation (none for an existing address)";
    }
}
