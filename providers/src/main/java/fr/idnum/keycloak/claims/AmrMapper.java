package fr.idnum.keycloak.claims;

import java.util.Arrays;
import java.util.List;

import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.mappers.AmrProtocolMapper;

/**
 * Keycloak's {@code amr} mapper, except that one step may name several methods: the push step is
 * {@code pin}, {@code pop} and {@code mfa} at once (FCPLUS.md), written {@code "pin pop mfa"} in its
 * execution config. Keycloak's own mapper would emit that as one string.
 */
public class AmrMapper extends AmrProtocolMapper {

    public static final String PROVIDER_ID = "idnum-amr-mapper";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Authentication Method Reference (several per step)";
    }

    @Override
    public String getHelpText() {
        return "amr from the steps done, as Keycloak's mapper, but a step's reference may list several values separated by spaces.";
    }

    @Override
    protected List<String> getAmr(AuthenticatedClientSessionModel clientSession, RealmModel realm) {
        return super.getAmr(clientSession, realm).stream()
                .flatMap(reference -> Arrays.stream(reference.trim().split("[\\s,]+")))
                .filter(value -> !value.isEmpty())
                .distinct()
                .toList();
    }
}
