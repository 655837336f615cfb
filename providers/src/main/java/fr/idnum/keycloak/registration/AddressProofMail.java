package fr.idnum.keycloak.registration;

import java.util.concurrent.TimeUnit;

import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.authentication.actiontoken.verifyemail.VerifyEmailActionToken;
import org.keycloak.common.util.Time;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.Urls;
import org.keycloak.sessions.AuthenticationSessionCompoundId;
import org.keycloak.sessions.AuthenticationSessionModel;

import jakarta.ws.rs.core.UriInfo;

/**
 * A new account's e-mail with the link that proves its address: the link Keycloak's verify-e-mail step sends (its
 * {@code verify-email} action token, bound to this authentication session, with the realm's lifespan for user
 * actions) in Keycloak's e-mail ({@code sendVerifyEmail}), so that Keycloak's own handler takes the click and goes on
 * to the password. Sent within the request, as that step sends it.
 */
final class AddressProofMail {

    private AddressProofMail() {
    }

    static void send(KeycloakSession session, RealmModel realm, UriInfo uriInfo, UserModel user,
            AuthenticationSessionModel authSession) throws EmailException {
        String link = link(session, realm, uriInfo, user.getId(), user.getEmail(), authSession);
        session.getProvider(EmailTemplateProvider.class)
                .setAuthenticationSession(authSession)
                .setRealm(realm)
                .setUser(user)
                .sendVerifyEmail(link, TimeUnit.SECONDS.toMinutes(lifespan(realm)));
    }

    /**
     * The link that proves {@code address} for the account {@code userId}: its token, signed with the realm's key. Also
     * made, and dropped, on the page of an address that already has an account, which must take as long.
     */
    static String link(KeycloakSession session, RealmModel realm, UriInfo uriInfo, String userId, String address,
            AuthenticationSessionModel authSession) {
        VerifyEmailActionToken token = new VerifyEmailActionToken(userId, Time.currentTime() + lifespan(realm),
                AuthenticationSessionCompoundId.fromAuthSession(authSession).getEncodedId(), address,
                authSession.getClient().getClientId());
        return Urls.actionTokenBuilder(uriInfo.getBaseUri(), token.serialize(session, realm, uriInfo),
                        authSession.getClient().getClientId(), authSession.getTabId(),
                        AuthenticationProcessor.getClientData(session, authSession))
                .build(realm.getName()).toString();
    }

    private static int lifespan(RealmModel realm) {
        return realm.getActionTokenGeneratedByUserLifespan(VerifyEmailActionToken.TOKEN_TYPE);
    }
}
