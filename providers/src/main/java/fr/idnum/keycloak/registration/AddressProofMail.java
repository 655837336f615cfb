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
        int lifespan = realm.getActionTokenGeneratedByUserLifespan(VerifyEmailActionToken.TOKEN_TYPE);
        VerifyEmailActionToken token = new VerifyEmailActionToken(user.getId(), Time.currentTime() + lifespan,
                AuthenticationSessionCompoundId.fromAuthSession(authSession).getEncodedId(), user.getEmail(),
                authSession.getClient().getClientId());
        String link = Urls.actionTokenBuilder(uriInfo.getBaseUri(), token.serialize(session, realm, uriInfo),
                        authSession.getClient().getClientId(), authSession.getTabId(),
                        AuthenticationProcessor.getClientData(session, authSession))
                .build(realm.getName()).toString();
        session.getProvider(EmailTemplateProvider.class)
                .setAuthenticationSession(authSession)
                .setRealm(realm)
                .setUser(user)
                .sendVerifyEmail(link, TimeUnit.SECONDS.toMinutes(lifespan));
    }
}
