package fr.idnum.keycloak.push;

import java.time.Instant;

import org.keycloak.models.UserModel;

/**
 * The protective lock a citizen puts on their own sign-ins by answering "Ce n'était pas moi" on the phone: while
 * it holds, the push step refuses every sign-in of theirs, whoever starts it. It is a user attribute (declared in
 * the realm's user profile: the citizen sees it, administrators may remove it), so support lifts it from the admin
 * console; the citizen lifts it from the phone with their 4-digit code. Its value says when and why it was set.
 */
public final class SignInLock {

    public static final String ATTRIBUTE = "idnum_sign_in_lock";
    static final String FRAUD_REPORTED = "fraud-reported";

    private SignInLock() {
    }

    public static boolean holds(UserModel user) {
        String value = user.getFirstAttribute(ATTRIBUTE);
        return value != null && !value.isBlank();
    }

    /** Set when the citizen reports a sign-in request as not theirs. */
    public static void reportFraud(UserModel user, Instant now) {
        user.setSingleAttribute(ATTRIBUTE, FRAUD_REPORTED + " " + now);
    }

    public static void lift(UserModel user) {
        user.removeAttribute(ATTRIBUTE);
    }
}
