package fr.idnum.protocol;

/**
 * The refusals of the waiting page's status endpoint ({@code /realms/{realm}/idnum/push/status}), answered as RFC 9457
 * problems ({@link ProblemTypes#MEDIA_TYPE}) whose {@code type} is {@link ProblemTypes#BASE} + one of these names.
 * Both mean "ask again later"; the page's script backs off and the citizen can always press "J'ai validé".
 */
public final class PushStatusProblems {

    /** 429: this sign-in already has as many waiting requests as it may hold at once. */
    public static final String TOO_MANY_WAITING = "too-many-waiting";
    /** 503: this server holds as many waiting pages as it accepts; a Retry-After header says when to ask again. */
    public static final String STATUS_UNAVAILABLE = "status-unavailable";

    private PushStatusProblems() {
    }
}
