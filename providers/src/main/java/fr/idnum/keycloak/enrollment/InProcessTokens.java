package fr.idnum.keycloak.enrollment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.protocol.oidc.TokenManager;

/**
 * Keycloak's service token for the enrollment service, made and signed here with the realm's active key, in a
 * transaction of its own: no HTTP call to Keycloak's own token endpoint, hence nothing to queue behind a burst of
 * sign-ins on the worker threads, and no client secret for Keycloak to hold (issue 13, item 4).
 *
 * <p>What the token says is what the realm says of the service client at that moment: it must exist, be enabled and
 * have its service account enabled; the roles are those of its service account within the client's scope (as
 * Keycloak's client credentials grant computes them), the audiences those of its audience mappers, the lifespan its
 * {@code access.token.lifespan} or the realm's. An operator disabling the client stops the next renewal. Each token
 * made is a {@code CLIENT_LOGIN} event of the client (grant type {@value #GRANT_TYPE}), as a grant would be.
 */
final class InProcessTokens implements ServiceTokens.Fetcher {

    /** The grant type named in the event of each token made here. */
    static final String GRANT_TYPE = "idnum-in-process";
    static final String LIFESPAN_ATTRIBUTE = "access.token.lifespan";
    private static final String AUDIENCE_MAPPER = "oidc-audience-mapper";
    private static final String INCLUDED_AUDIENCE = "included.client.audience";

    private final KeycloakSessionFactory sessions;
    private final String issuer;
    private final String realmName;
    private final String clientId;
    private final Clock clock;

    InProcessTokens(KeycloakSessionFactory sessions, String issuer, String clientId, Clock clock) {
        this.sessions = sessions;
        this.issuer = issuer;
        this.realmName = ServiceAccountToken.realmOf(issuer);
        this.clientId = clientId;
        this.clock = clock;
    }

    @Override
    public ServiceTokens.Token fetch() {
        return KeycloakModelUtils.runJobInTransactionWithResult(sessions, this::make);
    }

    private ServiceTokens.Token make(KeycloakSession session) {
        RealmModel realm = session.realms().getRealmByName(realmName);
        if (realm == null) {
            throw new TokenUnavailable("no realm " + realmName + " for Keycloak's service token");
        }
        session.getContext().setRealm(realm);
        ClientModel client = realm.getClientByClientId(clientId);
        if (client == null || !client.isEnabled() || !client.isServiceAccountsEnabled()) {
            throw new TokenUnavailable("the service client " + clientId + " is missing, disabled or has no service account");
        }
        session.getContext().setClient(client);
        UserModel account = session.users().getServiceAccount(client);
        if (account == null || !account.isEnabled()) {
            throw new TokenUnavailable("the service account of " + clientId + " is missing or disabled");
        }

        Set<RoleModel> roles = TokenManager.getAccess(account, client,
                Stream.concat(Stream.of(client), client.getClientScopes(true).values().stream()));
        Set<String> realmRoles = new TreeSet<>();
        Map<String, Set<String>> clientRoles = new TreeMap<>();
        for (RoleModel role : roles) {
            if (role.isClientRole()) {
                ClientModel owner = (ClientModel) role.getContainer();
                clientRoles.computeIfAbsent(owner.getClientId(), any -> new TreeSet<>()).add(role.getName());
            } else {
                realmRoles.add(role.getName());
            }
        }
        List<String> audiences = new ArrayList<>(client.getProtocolMappersStream()
                .filter(mapper -> AUDIENCE_MAPPER.equals(mapper.getProtocolMapper()))
                .map(mapper -> mapper.getConfig().get(INCLUDED_AUDIENCE))
                .filter(Objects::nonNull).filter(audience -> !audience.isBlank()).toList());

        Instant now = clock.instant();
        Duration lifespan = lifespan(realm, client);
        String token = session.tokens().encode(ServiceAccountToken.of(new ServiceAccountToken.Grant(issuer, account.getId(),
                clientId, audiences, realmRoles, clientRoles, now, lifespan)));
        new EventBuilder(realm, session).event(EventType.CLIENT_LOGIN).client(client).user(account)
                .detail(Details.GRANT_TYPE, GRANT_TYPE).detail(Details.USERNAME, account.getUsername()).success();
        return new ServiceTokens.Token(token, now, now.plus(lifespan));
    }

    private static Duration lifespan(RealmModel realm, ClientModel client) {
        String own = client.getAttribute(LIFESPAN_ATTRIBUTE);
        if (own != null && !own.isBlank()) {
            try {
                long seconds = Long.parseLong(own.trim());
                if (seconds > 0) {
                    return Duration.ofSeconds(seconds);
                }
            } catch (NumberFormatException e) {
                // Keycloak's admin console refuses such a value; fall back to the realm's as Keycloak would.
            }
        }
        return Duration.ofSeconds(realm.getAccessTokenLifespan());
    }
}
