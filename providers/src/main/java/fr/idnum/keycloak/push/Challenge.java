package fr.idnum.keycloak.push;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * One sign-in challenge: who must approve it (user, device credential), which browser tab waits for it
 * (the authentication session's root id and tab id), what the phone shows, the number to match, and its
 * status. Kept in Keycloak's cluster-wide single-use store as a flat map ({@link ChallengeStore}).
 */
public record Challenge(String id, String nonce, String userId, String credentialId, String rootSessionId, String tabId,
                        String clientName, String browser, String operatingSystem, int number, boolean numberMatching,
                        boolean replacesPrevious, Instant requestedAt, Instant expiresAt, ChallengeStatus status) {

    /**
     * Where the challenge stands at {@code now}: a pending one past its expiry reads as expired, whether or not
     * anyone recorded it yet. The one place "still pending and not expired" is decided.
     */
    public ChallengeStatus statusAt(Instant now) {
        return status == ChallengeStatus.PENDING && !now.isBefore(expiresAt) ? ChallengeStatus.EXPIRED : status;
    }

    public Challenge with(ChallengeStatus newStatus) {
        return new Challenge(id, nonce, userId, credentialId, rootSessionId, tabId, clientName, browser, operatingSystem,
                number, numberMatching, replacesPrevious, requestedAt, expiresAt, newStatus);
    }

    /** What the phone may be shown: never the number, which the citizen reads in the browser and types. */
    public fr.idnum.protocol.Challenges.Challenge forPhone() {
        return new fr.idnum.protocol.Challenges.Challenge(id, nonce, clientName, browser, operatingSystem, requestedAt, expiresAt,
                numberMatching, replacesPrevious);
    }

    Map<String, String> toMap() {
        Map<String, String> map = new HashMap<>();
        map.put("id", id);
        map.put("nonce", nonce);
        map.put("user", userId);
        map.put("credential", credentialId);
        map.put("root", rootSessionId);
        map.put("tab", tabId);
        map.put("client", clientName);
        map.put("browser", browser);
        map.put("os", operatingSystem);
        map.put("number", Integer.toString(number));
        map.put("matching", Boolean.toString(numberMatching));
        map.put("replaces", Boolean.toString(replacesPrevious));
        map.put("requested", Long.toString(requestedAt.toEpochMilli()));
        map.put("expires", Long.toString(expiresAt.toEpochMilli()));
        map.put("status", status.name());
        return map;
    }

    static Challenge fromMap(Map<String, String> map) {
        return new Challenge(map.get("id"), map.get("nonce"), map.get("user"), map.get("credential"), map.get("root"), map.get("tab"),
                map.get("client"), map.get("browser"), map.get("os"), Integer.parseInt(map.get("number")),
                Boolean.parseBoolean(map.get("matching")), Boolean.parseBoolean(map.get("replaces")),
                Instant.ofEpochMilli(Long.parseLong(map.get("requested"))), Instant.ofEpochMilli(Long.parseLong(map.get("expires"))),
                ChallengeStatus.valueOf(map.get("status")));
    }
}
