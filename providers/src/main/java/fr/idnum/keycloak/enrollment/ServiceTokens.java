package fr.idnum.keycloak.enrollment;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Access tokens of Keycloak's service client, kept until shortly before they expire so that a burst of
 * activations does not ask for one token each. One entry per token endpoint.
 */
final class ServiceTokens {

    /** Renew this long before the token's expiry, so a token never expires on its way. */
    private static final long MARGIN_SECONDS = 10;

    record Token(String value, Instant expiresAt) {
    }

    private final Map<String, Token> byEndpoint = new ConcurrentHashMap<>();

    String get(String tokenUrl, Instant now, Supplier<Token> fetch) {
        Token cached = byEndpoint.get(tokenUrl);
        if (cached != null && now.plusSeconds(MARGIN_SECONDS).isBefore(cached.expiresAt())) {
            return cached.value();
        }
        Token fresh = fetch.get();
        byEndpoint.put(tokenUrl, fresh);
        return fresh.value();
    }

    /** The service refused the token (rotated secret, revoked session): get a new one next time. */
    void forget(String tokenUrl) {
        byEndpoint.remove(tokenUrl);
    }
}
