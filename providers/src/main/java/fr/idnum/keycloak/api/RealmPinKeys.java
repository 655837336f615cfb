package fr.idnum.keycloak.api;

import java.security.PrivateKey;
import java.time.Instant;

import fr.idnum.protocol.DeviceProblems;
import fr.idnum.protocol.DeviceRequests;
import fr.idnum.protocol.PinEnvelope;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Opens the 4-digit codes the app encrypted to one of the realm's RSA encryption keys (those the realm
 * publishes with {@code "use":"enc"}). Any key of the realm that still has its private part may open one, so
 * a key rotation does not break an app that fetched the previous key a moment ago.
 */
final class RealmPinKeys {

    private RealmPinKeys() {
    }

    /** The code sealed in {@code envelope} for {@code purpose} and for the device request {@code request}. */
    static String open(KeycloakSession session, RealmModel realm, String envelope, String purpose,
                       DeviceRequests.Verified request, Instant now) {
        try {
            String kid = PinEnvelope.keyId(envelope);
            KeyWrapper key = session.keys().getKeysStream(realm)
                    .filter(k -> k.getUse() == KeyUse.ENC && "RSA".equals(k.getType()))
                    .filter(k -> kid == null || kid.equals(k.getKid()))
                    .filter(k -> k.getPrivateKey() instanceof PrivateKey)
                    .findFirst()
                    .orElseThrow(() -> new PinEnvelope.InvalidPinEnvelope("the code is not encrypted to a key of this realm"));
            return PinEnvelope.open(envelope, (PrivateKey) key.getPrivateKey(), purpose, request.claims().getJWTID(), now);
        } catch (PinEnvelope.InvalidPinEnvelope e) {
            throw new DeviceProblem(400, DeviceProblems.INVALID_PIN_ENVELOPE, "Invalid encrypted code",
                    "The 4-digit code could not be read: " + e.getMessage() + ".");
        }
    }
}
