package fr.idnum.keycloak.push;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import jakarta.ws.rs.core.UriBuilder;

import fr.idnum.protocol.DeviceApi;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.services.resources.RealmsResource;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * What the push template ({@code idnum-push.ftl}) shows, as the attribute {@code idnumPush}: the state, the
 * number to type on the phone, the expiry for the countdown, and where to ask for the outcome (a long-poll: the
 * status endpoint holds the question until the phone answers).
 */
public final class PushPage {

    /** The status endpoint's path under the realm resource ({@code /realms/{realm}/idnum/push/status}). */
    public static final String STATUS_PATH = "push/status";


    public static final String TEMPLATE = "idnum-push.ftl";
    /** What a citizen without an activated phone (or an unknown identifier) is shown at eidas2. */
    public static final String NO_DEVICE_TEMPLATE = "idnum-no-device.ftl";
    /** The template's name for this model. */
    public static final String ATTRIBUTE = "idnumPush";

    /** One page per outcome, so each failure ends on a clear page. */
    public enum State { WAITING, DENIED, EXPIRED, WRONG_NUMBER, LOCKED, SUPERSEDED, SUSPENDED, SIGN_IN_LOCKED, TOO_MANY_REQUESTS }

    private final State state;
    private final Challenge challenge;
    private final String statusUrl;
    private final boolean pushFailed;
    private final Instant now;

    PushPage(State state, Challenge challenge, String statusUrl, boolean pushFailed, Instant now) {
        this.state = state;
        this.challenge = challenge;
        this.statusUrl = statusUrl;
        this.pushFailed = pushFailed;
        this.now = now;
    }

    /** A page that only says how a sign-in ended (no challenge to wait for). */
    public static PushPage outcome(State state) {
        return new PushPage(state, null, "", false, null);
    }

    /** The push step's page for this browser tab, {@code challenge} (may be null) as it stands at {@code now}. */
    static PushPage of(AuthenticationFlowContext context, State state, Challenge challenge, Instant now) {
        URI status = statusUrl(context.getSession().getContext().getUri().getBaseUriBuilder(), context.getRealm().getName(),
                context.getAuthenticationSession());
        boolean pushFailed = challenge != null && new ChallengeStore(context.getSession()).pushFailed(challenge.id());
        return new PushPage(state, challenge, status.toString(), pushFailed, now);
    }

    /**
     * Where the page asks whether the phone answered: the realm resource's status endpoint, whose {@code @Path} is
     * {@link #STATUS_PATH} (the resource depends on the push step, not the other way round).
     */
    static URI statusUrl(UriBuilder base, String realm, AuthenticationSessionModel authSession) {
        return RealmsResource.realmBaseUrl(base).path(DeviceApi.RESOURCE).path(STATUS_PATH)
                .queryParam("client_id", authSession.getClient().getClientId())
                .queryParam("tab_id", authSession.getTabId())
                .build(realm);
    }

    public String getState() {
        return state.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public boolean isNumberMatching() {
        return challenge != null && challenge.numberMatching();
    }

    public String getNumber() {
        return challenge == null ? "" : String.valueOf(challenge.number());
    }

    public long getSecondsLeft() {
        return challenge == null ? 0 : Math.max(0, Duration.between(now, challenge.expiresAt()).getSeconds());
    }

    public String getStatusUrl() {
        return statusUrl;
    }

    public boolean isPushFailed() {
        return pushFailed;
    }
}
