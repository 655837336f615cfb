package fr.idnum.e2e.support;

import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Changes one setting of the push step for the time of an action, through the admin API as an operator
 * would, and puts it back afterwards: the realm is shared by every test of the run.
 */
public final class PushSettings {

    public static final String CHALLENGE_LIFETIME = "idnum.push.challenge-lifetime-seconds";
    public static final String MAX_CHALLENGES = "idnum.push.max-challenges-per-quarter-hour";
    public static final String MAX_CHALLENGES_PER_SOURCE = "idnum.push.max-challenges-per-source";
    public static final String MAX_WAITS_PER_SIGN_IN = "idnum.push.max-waits-per-sign-in";
    public static final String RESEND_INTERVAL = "idnum.push.resend-interval-seconds";

    /** An action that may throw, such as one that sleeps. */
    public interface Action {
        void run() throws Exception;
    }

    private PushSettings() {
    }

    public static void with(ManagedRealm realm, String key, String value, Action action) throws Exception {
        AuthenticatorConfigRepresentation config = pushConfig(realm);
        String previous = config.getConfig().get(key);
        config.getConfig().put(key, value);
        realm.admin().flows().updateAuthenticatorConfig(config.getId(), config);
        try {
            action.run();
        } finally {
            config.getConfig().put(key, previous);
            realm.admin().flows().updateAuthenticatorConfig(config.getId(), config);
        }
    }

    private static AuthenticatorConfigRepresentation pushConfig(ManagedRealm realm) {
        return realm.admin().flows().getExecutions("idnum browser").stream()
                .filter(e -> "idnum-push".equals(e.getProviderId()))
                .map(e -> realm.admin().flows().getAuthenticatorConfig(e.getAuthenticationConfig()))
                .findFirst().orElseThrow();
    }
}
