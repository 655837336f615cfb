package fr.idnum.keycloak.discovery;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import fr.idnum.keycloak.api.IdnumResource;
import fr.idnum.keycloak.api.IdnumResourceProviderFactory;
import org.keycloak.authentication.authenticators.util.LoAUtil;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCWellKnownProviderFactory;
import org.keycloak.protocol.oidc.representations.OIDCConfigurationRepresentation;
import org.keycloak.protocol.oidc.utils.AcrUtils;
import org.keycloak.wellknown.WellKnownProvider;

/**
 * The realm's OpenID Provider metadata as relying parties and the hub need it: Keycloak's own document,
 * plus the identity claims we really issue in {@code claims_supported}, and in {@code acr_values_supported}
 * only the named levels the browser flow can reach (so {@code eidas3} is never advertised), and as
 * {@code end_session_endpoint} our front door that accepts encrypted ID tokens as hints.
 */
public class IdnumWellKnownProviderFactory extends OIDCWellKnownProviderFactory {

    public static final String PROVIDER_ID = "idnum-openid-configuration";

    /** Claims our scopes emit (FranceConnect+ identity pivot, e-mail, acr, amr) besides the protocol ones. */
    static final List<String> IDENTITY_CLAIMS = List.of(
            "given_name", "family_name", "preferred_username", "birthdate", "gender",
            "birthplace", "birthcountry", "email", "acr", "amr");

    @Override
    public WellKnownProvider create(KeycloakSession session) {
        WellKnownProvider keycloakDocument = super.create(session);
        return new WellKnownProvider() {
            @Override
            public Object getConfig() {
                Object config = keycloakDocument.getConfig();
                if (config instanceof OIDCConfigurationRepresentation oidc) {
                    RealmModel realm = session.getContext().getRealm();
                    oidc.setClaimsSupported(withIdentityClaims(oidc.getClaimsSupported()));
                    oidc.setAcrValuesSupported(reachableAcrValues(realm));
                    oidc.setLogoutEndpoint(endSessionEndpoint(session, realm));
                }
                return config;
            }

            @Override
            public void close() {
                keycloakDocument.close();
            }
        };
    }

    /** Our front door to Keycloak's end-session endpoint, which also accepts encrypted ID tokens as hints. */
    static String endSessionEndpoint(KeycloakSession session, RealmModel realm) {
        return session.getContext().getUri().getBaseUriBuilder()
                .path("realms").path(realm.getName())
                .path(IdnumResourceProviderFactory.PROVIDER_ID).path(IdnumResource.LOGOUT_PATH)
                .build().toString();
    }

    static List<String> withIdentityClaims(List<String> keycloakClaims) {
        Set<String> claims = new LinkedHashSet<>(keycloakClaims == null ? List.of() : keycloakClaims);
        claims.remove("name");
        claims.addAll(IDENTITY_CLAIMS);
        return List.copyOf(claims);
    }

    static List<String> reachableAcrValues(RealmModel realm) {
        int highestLevel = LoAUtil.getLoAConfiguredInRealmBrowserFlow(realm).max(Integer::compare).orElse(0);
        return reachable(AcrUtils.getAcrLoaMap(realm), highestLevel);
    }

    static List<String> reachable(Map<String, Integer> acrToLevel, int highestLevel) {
        return acrToLevel.entrySet().stream()
                .filter(e -> e.getValue() != null && e.getValue() <= highestLevel)
                .sorted(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .collect(Collectors.toList());
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getAlias() {
        return OIDCWellKnownProviderFactory.PROVIDER_ID;
    }

    /** Among factories sharing an alias the lowest priority wins: below Keycloak's own (100). */
    @Override
    public int getPriority() {
        return 50;
    }
}
