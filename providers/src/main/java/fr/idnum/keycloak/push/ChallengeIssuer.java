package fr.idnum.keycloak.push;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import fr.idnum.keycloak.device.DeviceCredentialModel;
import fr.idnum.protocol.Challenges;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.ClientModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Makes the challenge of one sign-in request: unguessable id and nonce, the number the citizen types (10–99), what
 * the phone may show of the requester and its browser, and the expiry. Time and randomness are given, so that a
 * challenge is tested without a server or a wait.
 */
public final class ChallengeIssuer {

    /** Client attribute naming the requester on the phone; the hub's says "via FranceConnect+". */
    public static final String DISPLAY_NAME_ATTRIBUTE = "idnum.push.display-name";

    private static final int ID_BYTES = 32;
    private static final int NONCE_BYTES = 16;

    /** Who asks, from which browser tab, through which service: what a challenge is bound to and shows. */
    public record SignIn(String userId, String credentialId, String rootSessionId, String tabId, String clientName,
                         BrowserContext browser) {

        static SignIn of(AuthenticationFlowContext context, DeviceCredentialModel device) {
            AuthenticationSessionModel authSession = context.getAuthenticationSession();
            return new SignIn(context.getUser().getId(), device.getId(), authSession.getParentSession().getId(),
                    authSession.getTabId(), displayName(authSession.getClient()),
                    BrowserContext.of(context.getHttpRequest().getHttpHeaders().getHeaderString("User-Agent")));
        }
    }

    private final Clock clock;
    private final SecureRandom random;

    public ChallengeIssuer(Clock clock, SecureRandom random) {
        this.clock = clock;
        this.random = random;
    }

    /**
     * A new pending challenge. {@code previous} is the phone's newest challenge: when it is still pending, the new
     * one says it replaces it, so that a request the citizen did not expect to replace theirs is noticed.
     */
    public Challenge issue(SignIn signIn, PushConfig config, Optional<Challenge> previous) {
        Instant now = clock.instant();
        int number = Challenges.NUMBER_MIN + random.nextInt(Challenges.NUMBER_MAX - Challenges.NUMBER_MIN + 1);
        boolean replacesPrevious = previous.filter(c -> c.statusAt(now) == ChallengeStatus.PENDING).isPresent();
        return new Challenge(randomText(ID_BYTES), randomText(NONCE_BYTES), signIn.userId(), signIn.credentialId(),
                signIn.rootSessionId(), signIn.tabId(), signIn.clientName(), signIn.browser().browser(),
                signIn.browser().operatingSystem(), number, config.numberMatching(), replacesPrevious,
                now, now.plus(config.challengeLifetime()), ChallengeStatus.PENDING);
    }

    static String displayName(ClientModel client) {
        String configured = client.getAttribute(DISPLAY_NAME_ATTRIBUTE);
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return client.getName() != null && !client.getName().isBlank() && !client.getName().startsWith("${")
                ? client.getName() : client.getClientId();
    }

    private String randomText(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }
}
