package fr.idnum.keycloak.enrollment;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.keycloak.representations.AccessToken;
import org.keycloak.util.TokenUtil;

/**
 * The claims of Keycloak's own service token: those of a client credentials grant of the service client at its realm
 * (issuer, the service account as subject, the client as {@code azp}, the audiences of its audience mappers, the
 * roles it holds within its scope), without going through the token endpoint. Pure: the caller looks everything up.
 */
final class ServiceAccountToken {

    private ServiceAccountToken() {
    }

    /** What a token is made of; every role and audience comes from the realm's configuration of the client. */
    record Grant(String issuer, String subject, String clientId, Collection<String> audiences, Collection<String> realmRoles,
                 Map<String, ? extends Collection<String>> clientRoles, Instant issuedAt, Duration lifespan) {
    }

    static AccessToken of(Grant grant) {
        if (grant.lifespan().isNegative() || grant.lifespan().isZero()) {
            throw new TokenUnavailable("the service client's token lifespan must be positive: " + grant.lifespan());
        }
        AccessToken token = new AccessToken();
        token.id(UUID.randomUUID().toString());
        token.issuer(grant.issuer());
        token.subject(grant.subject());
        token.type(TokenUtil.TOKEN_TYPE_BEARER);
        token.issuedFor(grant.clientId());
        token.iat(grant.issuedAt().getEpochSecond());
        token.exp(grant.issuedAt().plus(grant.lifespan()).getEpochSecond());
        grant.audiences().stream().distinct().forEach(token::addAudience);
        if (!grant.realmRoles().isEmpty()) {
            AccessToken.Access realmAccess = new AccessToken.Access();
            grant.realmRoles().forEach(realmAccess::addRole);
            token.setRealmAccess(realmAccess);
        }
        grant.clientRoles().forEach((client, roles) -> roles.forEach(role -> token.addAccess(client).addRole(role)));
        return token;
    }

    /**
     * The realm's name in an issuer {@code <base>/realms/<name>}; the issuer is configuration, never a request's
     * host, and must be the one the enrollment service checks (its {@code IDNUM_OIDC_ISSUER}).
     */
    static String realmOf(String issuer) {
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("no issuer configured");
        }
        URI uri = URI.create(issuer);
        String path = uri.getPath() == null ? "" : uri.getPath();
        int at = path.lastIndexOf("/realms/");
        String name = at < 0 ? "" : path.substring(at + "/realms/".length());
        if (!uri.isAbsolute() || !Set.of("http", "https").contains(uri.getScheme()) || uri.getHost() == null
                || name.isEmpty() || name.contains("/") || uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("the issuer must be http(s)://host[:port][/path]/realms/<realm>, not " + issuer);
        }
        return name;
    }
}
