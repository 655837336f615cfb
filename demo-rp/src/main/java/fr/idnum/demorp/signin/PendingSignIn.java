package fr.idnum.demorp.signin;

import java.time.Instant;

import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;

/**
 * What the service keeps between sending the browser to the realm and its return: the values the answer
 * must match ({@code state}, {@code nonce}), the PKCE verifier, and the level asked for.
 */
public record PendingSignIn(State state, Nonce nonce, CodeVerifier verifier, Level requested, Instant expiresAt) {

    public static PendingSignIn start(Level requested, Instant expiresAt) {
        // nimbus draws 32 random bytes for each: above FranceConnect+'s 22 characters for the nonce.
        return new PendingSignIn(new State(), new Nonce(), new CodeVerifier(), requested, expiresAt);
    }
}
