package fr.idnum.desk.signin;

import java.time.Instant;
import java.util.Set;

import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.token.AccessToken;

/**
 * A staff member signed in to the desk: their subject, the back-office roles their access token carries, the token
 * itself (kept on the server, sent only to the enrollment service), until when it is valid, and the ID token (the
 * logout's {@code id_token_hint}). Never logged: {@link #toString()} names the subject only.
 */
public record StaffMember(String subject, Set<String> roles, AccessToken accessToken, Instant expiresAt, JWT idToken) {

    /** The realm role of the post-office agents (the enrollment service's agent API). */
    public static final String AGENT = "identity-verifier";
    /** The realm role of the enrollment operators (the enrollment service's admin API). */
    public static final String OPERATOR = "enrollment-admin";

    public boolean isAgent() {
        return roles.contains(AGENT);
    }

    public boolean isOperator() {
        return roles.contains(OPERATOR);
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "StaffMember[" + subject + " " + roles + "]";
    }
}
