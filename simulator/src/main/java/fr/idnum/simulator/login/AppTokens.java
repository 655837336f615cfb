package fr.idnum.simulator.login;

import java.time.Instant;

/** What the token endpoint gave the app. Never printed: {@link #toString()} hides the tokens. */
public record AppTokens(String accessToken, String refreshToken, String idToken, Instant expiresAt) {

    @Override
    public String toString() {
        return "AppTokens[expiresAt=" + expiresAt + ", refreshable=" + (refreshToken != null) + "]";
    }
}
