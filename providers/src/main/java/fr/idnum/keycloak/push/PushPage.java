package fr.idnum.keycloak.push;

/**
 * What the push template ({@code idnum-push.ftl}) shows, as the attribute {@code idnumPush}: the state, the
 * number to type on the phone, the expiry for the countdown, and where and how often to ask for the outcome.
 */
public final class PushPage {

    /** One page per outcome, so each failure ends on a clear page. */
    public enum State { WAITING, DENIED, EXPIRED, WRONG_NUMBER, LOCKED, SUPERSEDED, SUSPENDED, SIGN_IN_LOCKED, TOO_MANY_REQUESTS }

    private final State state;
    private final Challenge challenge;
    private final String statusUrl;
    private final int pollingIntervalMillis;
    private final boolean pushFailed;

    PushPage(State state, Challenge challenge, String statusUrl, int pollingIntervalMillis, boolean pushFailed) {
        this.state = state;
        this.challenge = challenge;
        this.statusUrl = statusUrl;
        this.pollingIntervalMillis = pollingIntervalMillis;
        this.pushFailed = pushFailed;
    }

    /** A page that only says how a sign-in ended (no challenge to wait for). */
    public static PushPage outcome(State state) {
        return new PushPage(state, null, "", 0, false);
    }

    public String getState() {
        return state.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public boolean isNumberMatching() {
        return challenge != null && challenge.numberMatching();
    }

    public String getNumber() {
        return challenge == null ? "" : String.valueOf(challenge.number());
    }

    public long getSecondsLeft() {
        return challenge == null ? 0 : Math.max(0, java.time.Duration.between(java.time.Instant.now(), challenge.expiresAt()).getSeconds());
    }

    public String getStatusUrl() {
        return statusUrl;
    }

    public int getPollingInterval() {
        return pollingIntervalMillis;
    }

    public boolean isPushFailed() {
        return pushFailed;
    }
}
