package fr.idnum.enrollment.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Wires the identity rules to the INSEE reference shipped with the service. */
@ApplicationScoped
public class IdentityRulesProducer {

    @Produces
    @ApplicationScoped
    GeographicReference geographicReference() {
        return new InseeCog();
    }

    @Produces
    @ApplicationScoped
    IdentityRules identityRules(GeographicReference cog) {
        return new IdentityRules(cog);
    }
}
