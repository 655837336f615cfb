package fr.idnum.keycloak.registration;

import java.util.UUID;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.jboss.logging.Logger;
import org.keycloak.authentication.FormContext;
import org.keycloak.authentication.forms.RegistrationPage;
import org.keycloak.authentication.requiredactions.TermsAndConditions;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.storage.UserStorageProvider;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.UserProfileProvider;

/**
 * What a new account costs at the registration form's submission, spent when the address already has one and the
 * form creates nothing (issue 14, enumeration by timing; the counterpart of the dummy password hash of an unknown
 * identifier): the account Keycloak's steps would create, through the same calls (the user profile's validation, with
 * its look-ups of an address nobody has; the user with its default roles and required actions; its attributes; the
 * terms' acceptance; the password asked after the address's proof), written to the database in a transaction of its
 * own that is then rolled back.
 * <p>
 * Nothing remains: the rows are never committed, so no other transaction (an administrator's search included) ever
 * sees them; no event is written and no e-mail sent; the user cache keeps accounts that were read, not created ones
 * (the invalidation Keycloak sends the other nodes for a created account is sent, naming this one only). Its address is
 * random under the reserved {@value #DOMAIN} (RFC 2606: {@code .invalid} is never a mailbox), so it is no real
 * account's and no registration waits on its row. While it runs, the request holds a second database connection.
 * A realm with a user federation gets no stand-in: the federation could be given the account outside the transaction.
 */
public final class StandInAccount {

    /** The domain of every stand-in's address. */
    public static final String DOMAIN = "stand-in.idnum.invalid";

    /** Keycloak's terms-of-use checkbox ({@code RegistrationTermsAndConditions.FIELD}, not public). */
    private static final String TERMS_ACCEPTED = "termsAccepted";
    private static final Logger LOG = Logger.getLogger(StandInAccount.class);

    private StandInAccount() {
    }

    /** Creates the stand-in and rolls it back; a failure is logged, never the form's answer. */
    static void createAndRollBack(FormContext context) {
        if (context.getRealm().getStorageProviders(UserStorageProvider.class).findAny().isPresent()) {
            // A user federation (LDAP…) could be given the account too, outside any transaction: no stand-in then.
            return;
        }
        KeycloakSession session = context.getSession();
        MultivaluedMap<String, String> form = form(context.getHttpRequest().getDecodedFormParameters(), address());
        boolean passwordAfterProof = PasswordAfterProofAction.asksPasswordAfterProof(context.getAuthenticationSession());
        try {
            KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(), session.getContext(),
                    standIn -> {
                        create(standIn, form, passwordAfterProof);
                        // What a commit of a new account sends to the database; then nothing is kept.
                        standIn.getProvider(JpaConnectionProvider.class).getEntityManager().flush();
                        standIn.getTransactionManager().setRollbackOnly();
                        return null;
                    }, "idnum registration stand-in account");
        } catch (RuntimeException e) {
            LOG.warnf("idnum-registration: the stand-in account failed, this answer was faster than a new address's: %s", e);
        }
    }

    /** As Keycloak's {@code registration-user-creation} then {@code registration-password-action} succeed. */
    private static void create(KeycloakSession standIn, MultivaluedMap<String, String> form, boolean passwordAfterProof) {
        UserModel user = standIn.getProvider(UserProfileProvider.class).create(UserProfileContext.REGISTRATION, form).create();
        user.setEnabled(true);
        RequiredActionProviderModel terms = standIn.getContext().getRealm()
                .getRequiredActionProviderByAlias(UserModel.RequiredAction.TERMS_AND_CONDITIONS.name());
        if ("on".equals(form.getFirst(TERMS_ACCEPTED)) && terms != null && terms.isEnabled()) {
            user.setSingleAttribute(TermsAndConditions.USER_ATTRIBUTE, Integer.toString(Time.currentTime()));
            user.removeRequiredAction(UserModel.RequiredAction.TERMS_AND_CONDITIONS);
        }
        if (passwordAfterProof) {
            user.addRequiredAction(UserModel.RequiredAction.UPDATE_PASSWORD);
        }
    }

    /** The submitted form with the stand-in's address, and without what Keycloak keeps out of a profile. */
    static MultivaluedMap<String, String> form(MultivaluedMap<String, String> submitted, String address) {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>(submitted);
        form.remove(RegistrationPage.FIELD_PASSWORD);
        form.remove(RegistrationPage.FIELD_PASSWORD_CONFIRM);
        form.remove(RegistrationPage.FIELD_RECAPTCHA_RESPONSE);
        form.putSingle(UserModel.EMAIL, address);
        form.putSingle(UserModel.USERNAME, address);
        return form;
    }

    /** A new random address each time: never a real one, never another stand-in's. */
    static String address() {
        return UUID.randomUUID() + "@" + DOMAIN;
    }
}
