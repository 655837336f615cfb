package fr.idnum.simulator.device;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;

import fr.idnum.protocol.ChallengeAnswers;
import fr.idnum.protocol.Challenges;
import fr.idnum.protocol.DeviceApi;
import fr.idnum.protocol.DeviceClaims;
import fr.idnum.protocol.DeviceRequests;
import fr.idnum.protocol.PinEnvelope;
import fr.idnum.protocol.Platform;
import fr.idnum.simulator.http.Http;
import fr.idnum.simulator.http.HttpReply;
import fr.idnum.simulator.realm.Realm;

/**
 * The phone's calls to the realm's device API, in two layers: the operations the app performs (activate, update
 * the push token, change the PIN, deactivate, fetch and answer a sign-in challenge), which throw
 * {@link DeviceApiProblem} on refusal; and the pieces
 * they are made of — claims, signed requests, {@link #send} — so a test can replay, alter, delay or re-sign a
 * request and see exactly what the server answers. Times come from the injected {@link Clock}.
 */
public final class DeviceClient {

    private final Realm realm;
    private final Http http;
    private final Clock clock;

    public DeviceClient(Realm realm, Http http, Clock clock) {
        this.realm = realm;
        this.http = http;
        this.clock = clock;
    }

    // --- Activation: proves the activation code and registers the key, with the app's access token.

    /** Registers {@code key} as the citizen's device; returns the new credential. */
    public Activation activate(ECKey key, String accessToken, String activationCode, String pin, String pushToken,
                               Platform platform, String label) {
        String jws = activationRequest(key, activationClaims(activationCode, pin, pushToken, platform, label));
        HttpReply reply = send(DeviceApi.ACTIVATION, jws, accessToken);
        if (reply.status() != 201) {
            throw new DeviceApiProblem(reply.problem());
        }
        Map<String, Object> json = reply.json();
        try {
            return new Activation(JSONObjectUtils.getString(json, "credential_id"),
                    JSONObjectUtils.getString(json, "device_label"),
                    json.get("activated_at") instanceof Number millis ? Instant.ofEpochMilli(millis.longValue()) : null);
        } catch (ParseException e) {
            throw new IllegalStateException("The activation answer is malformed: " + reply.body(), e);
        }
    }

    /** The activation claims, the PIN sealed to the realm's current encryption key for this very request. */
    public Map<String, Object> activationClaims(String activationCode, String pin, String pushToken, Platform platform, String label) {
        Map<String, Object> claims = newRequest();
        claims.put(DeviceClaims.ACTIVATION_CODE, activationCode);
        claims.put(DeviceClaims.PUSH_TOKEN, pushToken);
        claims.put(DeviceClaims.PLATFORM, platform.wireName());
        claims.put(DeviceClaims.DEVICE_LABEL, label);
        claims.put(DeviceClaims.PIN, sealPin(pin, PinEnvelope.PURPOSE_ACTIVATION, claims));
        return claims;
    }

    /**
     * The claims of a new request, holding its id ({@link DeviceClaims#REQUEST_ID}) already: a code sealed for the
     * request names it, and the request is signed with it. Signing the same claims twice makes a replay.
     */
    public static Map<String, Object> newRequest() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put(DeviceClaims.REQUEST_ID, DeviceRequests.newRequestId());
        return claims;
    }

    /** The compact JWS of an activation with {@code claims}, signed by {@code key} now; not sent. */
    public String activationRequest(ECKey key, Map<String, Object> claims) {
        return DeviceRequests.signActivation(key, realm.endpoint(DeviceApi.ACTIVATION), claims, clock.instant());
    }

    // --- Requests of an activated device: signed by its key, no bearer token.

    /** Replaces the push registration token (FCM rotates them). */
    public void updatePushToken(DeviceState device, String pushToken, String pin) {
        Map<String, Object> claims = newRequest();
        claims.put(DeviceClaims.PUSH_TOKEN, pushToken);
        claims.put(DeviceClaims.PIN, sealPin(pin, PinEnvelope.PURPOSE_PUSH_TOKEN, claims));
        if (device.platform() != null) {
            claims.put(DeviceClaims.PLATFORM, device.platform().wireName());
        }
        perform(device, DeviceApi.PUSH_TOKEN, claims);
    }

    /** Changes the 4-digit code; both codes travel sealed, each for its own purpose. */
    public void changePin(DeviceState device, String oldPin, String newPin) {
        Map<String, Object> claims = newRequest();
        claims.put(DeviceClaims.PIN, sealPin(oldPin, PinEnvelope.PURPOSE_PIN_CHANGE_OLD, claims));
        claims.put(DeviceClaims.NEW_PIN, sealPin(newPin, PinEnvelope.PURPOSE_PIN_CHANGE_NEW, claims));
        perform(device, DeviceApi.PIN_CHANGE, claims);
    }

    /** The citizen deactivates this phone from the app, with the 4-digit code (null for a locked phone: none is checked). */
    public void deactivate(DeviceState device, String pin) {
        Map<String, Object> claims = newRequest();
        if (pin != null) {
            claims.put(DeviceClaims.PIN, sealPin(pin, PinEnvelope.PURPOSE_DEACTIVATION, claims));
        }
        perform(device, DeviceApi.DEACTIVATION, claims);
    }

    // --- Push sign-in: fetch the challenge waiting for this phone, answer it.

    /** The challenge waiting for {@code device}, checked against the realm's keys; empty when none waits (204). */
    public Optional<Challenges.Challenge> pendingChallenge(DeviceState device) {
        return fetchPending(device).challenge();
    }

    /**
     * Fetches what waits for {@code device}, as the app does when it is opened or pushed: the challenge, if any, and
     * whether the push service no longer knows the phone's push token (said on a 204 as on a 200).
     */
    public PendingFetch fetchPending(DeviceState device) {
        String jws = deviceRequest(device, DeviceApi.PENDING_CHALLENGE, Map.of());
        HttpReply reply = http.post(realm.endpoint(DeviceApi.PENDING_CHALLENGE), DeviceApi.JOSE_MEDIA_TYPE,
                jws.getBytes(StandardCharsets.US_ASCII), null, DeviceApi.CHALLENGE_MEDIA_TYPE);
        boolean tokenDead = reply.header(DeviceApi.PUSH_TOKEN_STATUS_HEADER)
                .map(DeviceApi.PUSH_TOKEN_UNREGISTERED::equalsIgnoreCase).orElse(false);
        if (reply.status() == 204) {
            return new PendingFetch(Optional.empty(), tokenDead);
        }
        if (!reply.isSuccess()) {
            throw new DeviceApiProblem(reply.problem());
        }
        String type = reply.contentType().orElse("");
        if (reply.status() != 200 || !type.startsWith(DeviceApi.CHALLENGE_MEDIA_TYPE)) {
            throw new IllegalStateException("The pending challenge came as HTTP " + reply.status() + " '" + type
                    + "', not 200 " + DeviceApi.CHALLENGE_MEDIA_TYPE);
        }
        Challenges.Challenge challenge = readChallenge(device, reply.body());
        return new PendingFetch(Optional.of(challenge), tokenDead || challenge.pushTokenUnregistered());
    }

    /**
     * Checks a challenge document as the app does ({@link Challenges#verify}); a key id the phone does not know
     * makes it fetch the realm's JWKS once more, since the realm may have rotated its keys.
     *
     * @throws UntrustedChallenge when the document is not a live challenge of this realm for this phone
     */
    public Challenges.Challenge readChallenge(DeviceState device, String jws) {
        JWKSet keys = realm.keys();
        String kid = keyId(jws);
        if (kid != null && keys.getKeyByKeyId(kid) == null) {
            keys = realm.refreshKeys();
        }
        try {
            return Challenges.verify(jws, keys, realm.issuer(), device.requireCredentialId(), clock.instant());
        } catch (Challenges.InvalidChallenge e) {
            throw new UntrustedChallenge("The phone refuses the challenge: " + e.getMessage(), e);
        }
    }

    /** Approves {@code challenge} with the PIN, and the number picked when it has number matching (else null). */
    public void approve(DeviceState device, Challenges.Challenge challenge, String pin, Integer number) {
        answer(device, answerClaims(challenge, ChallengeAnswers.APPROVE, number, pin));
    }

    /** "Refuser": refuses {@code challenge}; no PIN is asked. */
    public void deny(DeviceState device, Challenges.Challenge challenge) {
        answer(device, answerClaims(challenge, ChallengeAnswers.DENY, null, null));
    }

    /** "Ce n'était pas moi": refuses {@code challenge} and locks the citizen's sign-ins; no PIN is asked. */
    public void reportFraud(DeviceState device, Challenges.Challenge challenge) {
        answer(device, answerClaims(challenge, ChallengeAnswers.REPORT_FRAUD, null, null));
    }

    /** Lifts the lock a fraud report put on the citizen's sign-ins, with the 4-digit code. */
    public void unlockSignIns(DeviceState device, String pin) {
        Map<String, Object> claims = newRequest();
        claims.put(DeviceClaims.PIN, sealPin(pin, PinEnvelope.PURPOSE_SIGN_IN_UNLOCK, claims));
        perform(device, DeviceApi.SIGN_IN_UNLOCK, claims);
    }

    /** Sends an answer with {@code claims} signed by {@code device} now; 204 when taken, else {@link DeviceApiProblem}. */
    public void answer(DeviceState device, Map<String, Object> claims) {
        perform(device, DeviceApi.CHALLENGE_ANSWER, claims);
    }

    /**
     * The claims of an answer to {@code challenge}: its id and nonce, {@code decision} ({@link ChallengeAnswers}),
     * {@code number} and the PIN sealed for {@link PinEnvelope#PURPOSE_CHALLENGE} and this request when not null.
     * Checks nothing, so a test can craft any answer (any number, an approval without PIN, a denial with one);
     * signed twice, the claims make the same request twice (a replay).
     */
    public Map<String, Object> answerClaims(Challenges.Challenge challenge, String decision, Integer number, String pin) {
        Map<String, Object> claims = newRequest();
        claims.put(ChallengeAnswers.CHALLENGE_ID, challenge.id());
        claims.put(ChallengeAnswers.NONCE, challenge.nonce());
        claims.put(ChallengeAnswers.DECISION, decision);
        if (number != null) {
            claims.put(ChallengeAnswers.NUMBER, number);
        }
        if (pin != null) {
            claims.put(DeviceClaims.PIN, sealPin(pin, PinEnvelope.PURPOSE_CHALLENGE, claims));
        }
        return claims;
    }

    /** The compact JWS of an answer of {@code device} with {@code claims}, signed now; not sent (see {@link #send}). */
    public String answerRequest(DeviceState device, Map<String, Object> claims) {
        return deviceRequest(device, DeviceApi.CHALLENGE_ANSWER, claims);
    }

    private static String keyId(String jws) {
        try {
            return JWSObject.parse(jws.trim()).getHeader().getKeyID();
        } catch (ParseException | RuntimeException e) {
            return null; // not even a JWS: Challenges.verify says so
        }
    }

    /** The compact JWS of a request of {@code device} to {@code path} ({@link DeviceApi}), signed now; not sent. */
    public String deviceRequest(DeviceState device, String path, Map<String, Object> claims) {
        return DeviceRequests.sign(device.key(), device.requireCredentialId(), realm.endpoint(path), claims, clock.instant());
    }

    /**
     * Seals {@code pin} for {@code purpose} ({@link PinEnvelope} constants) and for the request whose claims are
     * {@code request} (made by {@link #newRequest}) to the realm's encryption key.
     */
    public String sealPin(String pin, String purpose, Map<String, Object> request) {
        return PinEnvelope.seal(pin, purpose, (String) request.get(DeviceClaims.REQUEST_ID), realm.encryptionKey(), clock.instant());
    }

    // --- The wire, for tests that craft their own requests.

    /** POSTs a compact JWS to the device API {@code path}; {@code bearer} may be null. Returns the answer as is. */
    public HttpReply send(String path, String jws, String bearer) {
        return send(path, DeviceApi.JOSE_MEDIA_TYPE, jws.getBytes(StandardCharsets.US_ASCII), bearer);
    }

    /** POSTs any body with any content type (oversized, malformed, wrong media type). */
    public HttpReply send(String path, String contentType, byte[] body, String bearer) {
        return http.post(realm.endpoint(path), contentType, body, bearer);
    }

    private void perform(DeviceState device, String path, Map<String, Object> claims) {
        HttpReply reply = send(path, deviceRequest(device, path, claims), null);
        if (!reply.isSuccess()) {
            throw new DeviceApiProblem(reply.problem());
        }
    }
}
