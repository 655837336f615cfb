package fr.idnum.enrollment.backoffice;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

import fr.idnum.enrollment.audit.Actor;
import fr.idnum.enrollment.problem.DomainException;
import fr.idnum.protocol.PrintableText;
import io.quarkus.runtime.Startup;
import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Refuses agents and administrators whose token says they signed in below {@link BackOfficeConfig#minimumAcr()}
 * (e.g. a password only), or does not say at all: the realm requires eidas2 of the back-office client, and this
 * service does not rely on that setting alone. Callers without a back-office role are left to the role check
 * (401 or 403 as before), so this refusal only ever tells a staff member how to sign in.
 */
@Provider
@StrongSignIn
@Priority(Priorities.AUTHORIZATION)
@Startup
public class StrongSignInFilter implements ContainerRequestFilter {

    public static final String PROBLEM_TYPE = "insufficient-acr";
    private static final Logger LOG = Logger.getLogger(StrongSignInFilter.class);

    private final SecurityIdentity caller;
    private final JsonWebToken token;
    private final BackOfficeConfig config;
    private final int minimumLevel;

    StrongSignInFilter(SecurityIdentity caller, JsonWebToken token, BackOfficeConfig config) {
        this.caller = caller;
        this.token = token;
        this.config = config;
        this.minimumLevel = config.acrLevels().indexOf(config.minimumAcr());
        if (minimumLevel < 0) {
            throw new IllegalStateException("idnum.back-office.minimum-acr (" + config.minimumAcr()
                    + ") is not one of idnum.back-office.acr-levels " + config.acrLevels());
        }
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (caller.isAnonymous() || !(caller.hasRole(Actor.AGENT) || caller.hasRole(Actor.ADMIN))) {
            return;
        }
        Object claim = token.getClaim("acr");
        String acr = claim instanceof jakarta.json.JsonString json ? json.getString() : claim == null ? null : claim.toString();
        if (acr != null && config.acrLevels().indexOf(acr) >= minimumLevel) {
            return;
        }
        // The path is the caller's, the acr a claim: neither goes into the log line raw.
        LOG.infof("Back-office caller %s refused on %s: signed in at %s, %s needed", PrintableText.forLog(token.getSubject()),
                PrintableText.forLog(request.getUriInfo().getPath()), acr == null ? "no stated level" : PrintableText.forLog(acr),
                config.minimumAcr());
        throw new DomainException(403, PROBLEM_TYPE, "Stronger sign-in needed",
                "This back-office operation needs a sign-in at " + config.minimumAcr() + " or above (the phone, not a"
                        + " password alone); this token's level is " + (acr == null ? "not stated" : acr) + ".");
    }
}
