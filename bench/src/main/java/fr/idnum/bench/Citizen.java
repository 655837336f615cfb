package fr.idnum.bench;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import fr.idnum.simulator.PhoneApp;

/**
 * A virtual citizen of the bench: an account with a password, and depending on the kind of sign-in it takes
 * part in, a one-time-code secret ({@code totp}) or an activated simulated phone with the 4-digit code {@link #PIN}.
 * A citizen signs in once at a time (Keycloak's brute-force protection refuses concurrent sign-ins of one account).
 */
public final class Citizen {

    /** Meets the realm's password policy. */
    public static final String PASSWORD = "Banc-Essai-2026";
    public static final String PIN = "2580";

    private final String username;
    private final String userId;
    private final Totp totp;
    private final PhoneApp phone;
    private final Set<String> pushedChallenges = ConcurrentHashMap.newKeySet();

    public Citizen(String username, String userId, Totp totp, PhoneApp phone) {
        this.username = username;
        this.userId = userId;
        this.totp = totp;
        this.phone = phone;
    }

    public String username() {
        return username;
    }

    public String userId() {
        return userId;
    }

    public Totp totp() {
        return totp;
    }

    public PhoneApp phone() {
        return phone;
    }

    /** True the first time the phone sees a push for {@code challengeId}: the push of the sign-in under way. */
    boolean takeChallenge(String challengeId) {
        return pushedChallenges.add(challengeId);
    }
}
