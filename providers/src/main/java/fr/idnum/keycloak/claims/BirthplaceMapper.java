package fr.idnum.keycloak.claims;

import java.util.ArrayList;
import java.util.List;

import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.IDToken;

/**
 * Emits the {@code birthplace} claim from the verified {@code birthcountry} and {@code birthplace} user
 * attributes, including the empty string for citizens born abroad that Keycloak's attribute mapper
 * cannot produce (it drops empty attributes).
 */
public class BirthplaceMapper extends AbstractOIDCProtocolMapper
        implements OIDCIDTokenMapper, OIDCAccessTokenMapper, UserInfoTokenMapper {

    public static final String PROVIDER_ID = "idnum-birthplace-mapper";
    public static final String CLAIM = "birthplace";
    public static final String BIRTH_COUNTRY_ATTRIBUTE = fr.idnum.protocol.enrollment.IdentityAttributes.BIRTHCOUNTRY;
    public static final String BIRTH_PLACE_ATTRIBUTE = fr.idnum.protocol.enrollment.IdentityAttributes.BIRTHPLACE;

    private static final List<ProviderConfigProperty> CONFIG = new ArrayList<>();

    static {
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(CONFIG, BirthplaceMapper.class);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Birthplace (FranceConnect+ format)";
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getHelpText() {
        return "INSEE COG code of the birth commune; empty string when born abroad (birthcountry other than 99100).";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
                            KeycloakSession session, ClientSessionContext clientSessionCtx) {
        UserModel user = userSession.getUser();
        BirthplaceClaim.value(user.getFirstAttribute(BIRTH_COUNTRY_ATTRIBUTE), user.getFirstAttribute(BIRTH_PLACE_ATTRIBUTE))
                .ifPresent(value -> token.getOtherClaims().put(CLAIM, value));
    }
}
