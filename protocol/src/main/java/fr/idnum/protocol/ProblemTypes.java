package fr.idnum.protocol;

/**
 * What every RFC 9457 problem of ours shares, whoever answers it (Keycloak's device API, the enrollment service's
 * APIs): the base of its {@code type} and the extension members a client acts on.
 */
public final class ProblemTypes {

    /** A problem's {@code type} is this base + a name ({@link DeviceProblems}, the enrollment service's refusals). */
    public static final String BASE = "https://idnum.example.fr/problems/";
    public static final String MEDIA_TYPE = "application/problem+json";

    /** Tries left before a code or a phone locks (a wrong activation code, a wrong 4-digit code). */
    public static final String ATTEMPTS_LEFT = "attempts_left";
    /** RFC 3339 instant from which a posted activation code works. */
    public static final String NOT_BEFORE = "not_before";

    private ProblemTypes() {
    }

    /** The problem {@code type} of this name. */
    public static String type(String name) {
        return BASE + name;
    }

    /** The name of a problem {@code type} of ours, or {@code null} if it is not one. */
    public static String nameOf(String type) {
        return type != null && type.startsWith(BASE) ? type.substring(BASE.length()) : null;
    }
}
