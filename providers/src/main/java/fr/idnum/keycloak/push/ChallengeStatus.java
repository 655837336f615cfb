package fr.idnum.keycloak.push;

import java.util.Locale;

/** Where a sign-in challenge stands. Only PENDING moves; every other status is final. */
public enum ChallengeStatus {
    PENDING,
    /** Right number and right 4-digit code from the phone. */
    APPROVED,
    /** "Ce n'était pas moi": refused on the phone. */
    DENIED,
    /** The number picked on the phone is not the one the browser showed. */
    WRONG_NUMBER,
    /** The phone locked on this challenge (too many wrong codes). */
    LOCKED,
    /** A newer challenge for the same phone replaced it (another browser started a sign-in). */
    SUPERSEDED,
    /** Not answered in time (also what a vanished challenge reads as). */
    EXPIRED;

    /** As the browser's status endpoint says it. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
