package fr.idnum.keycloak.api;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;

import fr.idnum.keycloak.device.DeviceCredentialData;
import fr.idnum.keycloak.device.DeviceCredentialModel;
import fr.idnum.keycloak.device.DeviceCredentialProvider;
import fr.idnum.keycloak.device.DeviceSecretData;
import fr.idnum.keycloak.device.DeviceStatus;
import fr.idnum.keycloak.enrollment.EnrollmentClient;
import fr.idnum.keycloak.enrollment.Redemption;
import fr.idnum.protocol.DeviceApi;
import fr.idnum.protocol.DeviceClaims;
import fr.idnum.protocol.DeviceProblems;
import fr.idnum.protocol.DeviceRequests;
import fr.idnum.protocol.PinEnvelope;
import fr.idnum.protocol.Platform;
import fr.idnum.protocol.enrollment.EnrollmentStatus;
import fr.idnum.protocol.enrollment.IdentityAttributes;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Activation of a phone (DESIGN.md, "Activation"): everything that can be checked locally is checked first,
 * then the enrollment service redeems the code, then the credential and the verified identity are written in
 * this request's transaction. A refusal after the redemption (a PIN made of the birth date, which only the
 * verified identity tells) leaves the enrollment ACTIVE but nothing in Keycloak: the app's retry with the same
 * device key carries the same idempotency key and the same code, so the enrollment service answers it again
 * (within minutes, marked as a replay) with the identity. A replay never replaces a phone Keycloak holds for that
 * key: unlocking a LOCKED phone or resetting a code takes a fresh, unused activation code.
 */
final class DeviceActivation {

    record Activated(DeviceCredentialModel credential, List<String> replaced) {
    }

    /** The single-use scope of activation requests, made before the phone has an id. */
    static final String ACTIVATION_SCOPE = "activation";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final boolean replaceActiveDevice;

    DeviceActivation(KeycloakSession session, RealmModel realm, boolean replaceActiveDevice) {
        this.session = session;
        this.realm = realm;
        this.replaceActiveDevice = replaceActiveDevice;
    }

    Activated activate(UserModel user, String jws, URI audience, Instant now, EventBuilder event) {
        DeviceRequests.Verified request = verify(jws, audience, now);
        ReplayGuard.of(session).useOnce(ACTIVATION_SCOPE, request, now, DeviceRoutes.replayGuard(DeviceApi.ACTIVATION));
        Request claims = Request.read(new RequestClaims(request));
        event.detail(Details.CREDENTIAL_TYPE, DeviceCredentialModel.TYPE).detail("platform", claims.platform().wireName());

        String pin = RealmPinKeys.open(session, realm, claims.pinEnvelope(), PinEnvelope.PURPOSE_ACTIVATION, request, now);
        PinCheck.requireAcceptable(pin, user.getFirstAttribute(IdentityAttributes.BIRTHDATE));
        DeviceCredentialProvider devices = DeviceLookup.provider(session);
        List<CredentialModel> current = user.credentialManager().getStoredCredentialsByTypeStream(DeviceCredentialModel.TYPE).toList();
        if (!current.isEmpty() && !replaceActiveDevice) {
            throw new DeviceProblem(409, DeviceProblems.DEVICE_EXISTS, "A phone is already active",
                    "Deactivate the current phone before activating another one.");
        }

        Redemption.Redeemed redeemed = redeem(user, claims.activationCode(), idempotencyKey(user, request), now);
        Optional<CredentialModel> held = redeemed.replayed() ? heldWithKey(current, request) : Optional.empty();
        if (held.isPresent()) {
            // A replay only finishes an activation whose Keycloak half failed; it never resets a phone Keycloak
            // holds (a LOCKED one above all): that takes a fresh, unused activation code. It says which credential
            // the key already is, so that an app whose first answer was lost learns its kid; the request was signed
            // by that key, so it tells nothing its sender does not hold.
            throw new DeviceProblem(409, DeviceProblems.ACTIVATION_CODE_USED, "Activation code already used",
                    "This activation code was already used for this phone. To unlock it or change its code, ask for a new activation code.")
                    .with(DeviceProblems.CREDENTIAL_ID, held.get().getId());
        }
        Map<String, String> identity = redeemed.identity();
        PinCheck.requireAcceptable(pin, identity.get(IdentityAttributes.BIRTHDATE));

        for (String attribute : IdentityAttributes.ALL) {
            if (identity.containsKey(attribute)) {
                user.setSingleAttribute(attribute, identity.get(attribute));
            } else {
                user.removeAttribute(attribute);
            }
        }
        // Removed first: the enrollment service may have changed the status since this request read the user (its
        // propagation of "re-activation required" runs before a redemption it holds back), and setting the value
        // the stale copy already shows would write nothing. Removal deletes the stored rows whatever this copy says.
        user.removeAttribute(EnrollmentStatus.ATTRIBUTE);
        user.setSingleAttribute(EnrollmentStatus.ATTRIBUTE, EnrollmentStatus.ACTIVE.name());
        List<String> replaced = current.stream().map(CredentialModel::getId).toList();
        replaced.forEach(id -> devices.deleteCredential(realm, user, id));

        DeviceSecretData verifier = devices.newPinVerifier(pin);
        DeviceCredentialData data = new DeviceCredentialData(request.deviceKey().toJSONString(), claims.pushToken(),
                claims.platform().wireName(), DeviceStatus.ACTIVE, now.toEpochMilli(), null, 0);
        CredentialModel stored = devices.createCredential(realm, user, DeviceCredentialModel.create(claims.label(), data, verifier));
        return new Activated(DeviceCredentialModel.from(stored), replaced);
    }

    private static DeviceRequests.Verified verify(String jws, URI audience, Instant now) {
        try {
            return DeviceRequests.verifyActivation(jws, audience, now);
        } catch (DeviceRequests.InvalidDeviceRequest e) {
            throw DeviceProblem.invalidRequest("Activation request refused: " + e.getMessage() + ".");
        }
    }

    private Redemption.Redeemed redeem(UserModel user, String code, String idempotencyKey, Instant now) {
        Redemption outcome = session.getProvider(EnrollmentClient.class).redeem(user.getId(), code, idempotencyKey);
        if (outcome instanceof Redemption.Redeemed redeemed) {
            return redeemed;
        }
        if (outcome instanceof Redemption.Refused refused) {
            throw refusal(refused, now);
        }
        throw new DeviceProblem(503, DeviceProblems.ENROLLMENT_UNAVAILABLE, "Activation unavailable",
                "The activation could not be completed now; nothing was changed. Try again in a moment.")
                .header("Retry-After", "30");
    }

    private static DeviceProblem refusal(Redemption.Refused refused, Instant now) {
        if (refused.refusal().isEmpty()) {
            return new DeviceProblem(refused.status() == 404 ? 404 : 400, DeviceProblems.INVALID_REQUEST, "Activation refused",
                    "The enrollment service refused the activation (" + refused.type() + ").");
        }
        return switch (refused.refusal().get()) {
            case WRONG_CODE -> new DeviceProblem(400, DeviceProblems.WRONG_ACTIVATION_CODE, "Wrong activation code",
                    "This is not the activation code.").with(DeviceProblems.ATTEMPTS_LEFT, refused.attemptsLeft());
            case CODE_EXPIRED -> new DeviceProblem(410, DeviceProblems.ACTIVATION_CODE_EXPIRED, "Activation code expired",
                    "The activation code has expired: ask for a new one.");
            case CODE_EXHAUSTED -> new DeviceProblem(410, DeviceProblems.ACTIVATION_CODE_EXHAUSTED, "Too many wrong codes",
                    "Too many wrong activation codes were typed: ask for a new one.");
            case NOT_VERIFIED -> new DeviceProblem(409, DeviceProblems.IDENTITY_NOT_VERIFIED, "Identity not verified",
                    "The identity has not been verified yet.");
            case SUSPENDED -> new DeviceProblem(409, DeviceProblems.ENROLLMENT_SUSPENDED, "Enrollment suspended",
                    "This digital identity is suspended: contact support.");
            case CODE_COOLING_OFF -> coolingOff(refused.notBefore(), now);
            case ALREADY_REDEEMED -> new DeviceProblem(409, DeviceProblems.ACTIVATION_CODE_USED, "Activation code already used",
                    "This activation code was already used.");
            case NO_ENROLLMENT -> new DeviceProblem(404, DeviceProblems.NO_ENROLLMENT, "No enrollment",
                    "This account has no enrollment: start one in the app.");
        };
    }

    /** A posted code under its cooling-off: when it starts to work, as the enrollment service said. */
    private static DeviceProblem coolingOff(String notBefore, Instant now) {
        DeviceProblem problem = new DeviceProblem(409, DeviceProblems.ACTIVATION_CODE_NOT_YET_VALID, "Activation code not valid yet",
                "This activation code came by post after a change of phone or number: for your safety it only works from "
                        + notBefore + ".");
        if (notBefore == null) {
            return problem;
        }
        try {
            long seconds = Math.max(1, java.time.Duration.between(now, Instant.parse(notBefore)).toSeconds());
            return problem.with(DeviceProblems.NOT_BEFORE, notBefore).header("Retry-After", Long.toString(seconds));
        } catch (java.time.format.DateTimeParseException e) {
            return problem;
        }
    }

    /** Whether one of the user's phones is registered with the request's device key (whatever its status). */
    private static Optional<CredentialModel> heldWithKey(List<CredentialModel> current, DeviceRequests.Verified request) {
        String requested = thumbprint(request.deviceKey());
        return current.stream().filter(credential -> {
            try {
                return requested.equals(thumbprint(ECKey.parse(DeviceCredentialModel.from(credential).data().publicKey())));
            } catch (java.text.ParseException e) {
                return false;
            }
        }).findFirst();
    }

    private static String thumbprint(ECKey key) {
        try {
            return key.computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Same citizen and same device key: same key. Only the app holding the private key can sign a request for
     * it, so only that app's retry is answered again by the enrollment service.
     */
    private static String idempotencyKey(UserModel user, DeviceRequests.Verified request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((user.getId() + "|" + thumbprint(request.deviceKey())).getBytes(StandardCharsets.UTF_8));
            return "idnum-activation-" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The activation claims, each checked, in this order. */
    record Request(String activationCode, String pushToken, Platform platform, String label, String pinEnvelope) {

        static Request read(RequestClaims claims) {
            return new Request(claims.activationCode(), claims.pushToken(), claims.platform(), claims.deviceLabel(),
                    claims.required(DeviceClaims.PIN));
        }
    }

    static Map<String, Object> answer(DeviceCredentialModel credential) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(DeviceProblems.CREDENTIAL_ID, credential.getId());
        body.put("device_label", credential.getUserLabel());
        body.put("activated_at", credential.data().activatedAt());
        return body;
    }

    static URI audience(URI issuer) {
        return DeviceApi.endpoint(issuer, DeviceApi.ACTIVATION);
    }
}
