package fr.idnum.keycloak.api;

import java.net.URI;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.time.Instant;
import java.util.Optional;

import jakarta.ws.rs.core.Response;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;

import fr.idnum.keycloak.enrollment.EnrollmentClient;
import fr.idnum.keycloak.push.Challenge;
import fr.idnum.keycloak.push.ChallengeStatus;
import fr.idnum.keycloak.push.ChallengeStore;
import fr.idnum.keycloak.push.PushEvents;
import fr.idnum.keycloak.push.SignInLock;
import fr.idnum.protocol.ChallengeAnswers;
import fr.idnum.protocol.Challenges;
import fr.idnum.protocol.DeviceApi;
import fr.idnum.protocol.DeviceClaims;
import fr.idnum.protocol.DeviceProblems;
import fr.idnum.protocol.PinEnvelope;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The phone's side of a sign-in: it fetches the challenge waiting for it (signed by the realm, so the app
 * knows it is ours) and answers it. The answer is checked in this order: the challenge is this phone's and
 * still pending, the nonce is the one it was given, then for an approval the number and the 4-digit code.
 * A wrong code counts on the phone (it locks at the limit) and the challenge stays open for another try; a
 * wrong number (typed by the citizen from the browser, never sent to the phone) ends it; every other outcome is
 * final and taken once.
 */
final class ChallengeAnswering {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ChallengeStore store;
    private final PinCheck pins;

    ChallengeAnswering(KeycloakSession session, PinCheck pins) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.store = new ChallengeStore(session);
        this.pins = pins;
    }

    /**
     * 200 with the realm-signed challenge, or 204 when none waits for this phone. Either says when the push service
     * no longer knows the phone's push token: this fetch is what the app makes when it is opened, and the only
     * way it learns that it must send a new token.
     */
    Response pending(DeviceRequest request, URI issuer) {
        Optional<Challenge> challenge = store.current(request.credential().getId())
                .filter(c -> c.statusAt(request.now()) == ChallengeStatus.PENDING);
        boolean tokenDead = request.credential().data().pushTokenUnregistered();
        return pendingAnswer(challenge.map(c -> sign(c.forPhone().withPushTokenUnregistered(tokenDead), issuer,
                request.credential().getId())), tokenDead);
    }

    /** The answer of a fetch: {@code signed}, the challenge document, or 204; the push token's status in a header. */
    static Response pendingAnswer(Optional<String> signed, boolean pushTokenUnregistered) {
        Response.ResponseBuilder answer = signed.map(jws -> Response.ok(jws, DeviceApi.CHALLENGE_MEDIA_TYPE))
                .orElseGet(Response::noContent).header("Cache-Control", "no-store");
        if (pushTokenUnregistered) {
            answer.header(DeviceApi.PUSH_TOKEN_STATUS_HEADER, DeviceApi.PUSH_TOKEN_UNREGISTERED);
        }
        return answer.build();
    }

    Response answer(DeviceRequest request, EventBuilder event) {
        String id = request.claims().text(ChallengeAnswers.CHALLENGE_ID);
        Challenge asked = store.get(id).filter(c -> c.credentialId().equals(request.credential().getId()))
                .orElseThrow(() -> new DeviceProblem(404, DeviceProblems.UNKNOWN_CHALLENGE, "Unknown challenge",
                        "This phone has no such challenge."));
        event.detail(PushEvents.CHALLENGE_DETAIL, asked.id());
        if (!asked.nonce().equals(request.claims().text(ChallengeAnswers.NONCE))) {
            throw DeviceProblem.invalidRequest("The nonce is not the challenge's.");
        }
        Instant now = request.now();
        Challenge challenge = store.settle(asked, now);
        if (challenge.status() == ChallengeStatus.EXPIRED) {
            throw expired();
        }
        if (challenge.status() != ChallengeStatus.PENDING) {
            throw answered();
        }
        String decision = request.claims().text(ChallengeAnswers.DECISION);
        if (ChallengeAnswers.DENY.equals(decision)) {
            finish(challenge, ChallengeStatus.DENIED, now);
            event.detail(Details.REASON, "denied on the phone").error(PushEvents.DENIED_EVENT_ERROR);
            return Response.noContent().build();
        }
        if (ChallengeAnswers.REPORT_FRAUD.equals(decision)) {
            return reportFraud(request, challenge, event, now);
        }
        if (!ChallengeAnswers.APPROVE.equals(decision)) {
            throw DeviceProblem.invalidRequest("'" + ChallengeAnswers.DECISION + "' must be approve, deny or report-fraud.");
        }
        // Read only when the number is asked for; a number of the wrong type is the client's error (400), the
        // challenge stays open.
        if (challenge.numberMatching()
                && !Integer.valueOf(challenge.number()).equals(request.claims().integer(ChallengeAnswers.NUMBER))) {
            finish(challenge, ChallengeStatus.WRONG_NUMBER, now);
            throw new DeviceProblem(400, DeviceProblems.WRONG_NUMBER, "Wrong number",
                    "This is not the number the browser shows: the sign-in is refused.")
                    .recordedAs(PushEvents.WRONG_NUMBER_EVENT_ERROR, null);
        }
        // A wrong code leaves the challenge open for another try; the one that locks the phone ends it, and the
        // browser's page says so.
        pins.require(request, request.claims().text(DeviceClaims.PIN), PinEnvelope.PURPOSE_CHALLENGE,
                () -> store.finish(challenge, ChallengeStatus.LOCKED, now));
        finish(challenge, ChallengeStatus.APPROVED, now);
        return Response.noContent().build();
    }

    /**
     * "Ce n'était pas moi" on the phone, the one place a fraud report can be trusted to come from the citizen (the
     * browser of a fraudulent sign-in is the fraudster's): the sign-in fails, the report is recorded with the
     * challenge, every sign-in of this citizen is refused until they lift the lock, and they are told by e-mail.
     */
    private Response reportFraud(DeviceRequest request, Challenge challenge, EventBuilder event, Instant now) {
        finish(challenge, ChallengeStatus.DENIED, now);
        SignInLock.reportFraud(request.user(), now);
        event.detail(Details.REASON, "reported as fraud on the phone; sign-ins locked")
                .error(PushEvents.FRAUD_REPORTED_EVENT_ERROR);
        CitizenNotices.afterCommit(session).tell(request.user().getId(), EnrollmentClient.Notice.SIGN_IN_LOCKED,
                request.credential().getUserLabel());
        return Response.noContent().build();
    }

    private void finish(Challenge challenge, ChallengeStatus status, Instant now) {
        if (!store.finish(challenge, status, now)) {
            throw answered();
        }
    }

    private String sign(Challenges.Challenge challenge, URI issuer, String credentialId) {
        KeyWrapper key = session.keys().getActiveKey(realm, KeyUse.SIG, "ES256");
        if (key != null && key.getPrivateKey() instanceof ECPrivateKey ec) {
            return Challenges.sign(challenge, issuer, credentialId, signer(() -> new ECDSASigner(ec)), JWSAlgorithm.ES256, key.getKid());
        }
        KeyWrapper rsa = session.keys().getActiveKey(realm, KeyUse.SIG, "RS256");
        return Challenges.sign(challenge, issuer, credentialId,
                signer(() -> new RSASSASigner((PrivateKey) rsa.getPrivateKey())), JWSAlgorithm.RS256, rsa.getKid());
    }

    private interface SignerFactory {
        com.nimbusds.jose.JWSSigner create() throws com.nimbusds.jose.JOSEException;
    }

    private static com.nimbusds.jose.JWSSigner signer(SignerFactory factory) {
        try {
            return factory.create();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException("The realm's signing key cannot sign", e);
        }
    }

    private static DeviceProblem expired() {
        return new DeviceProblem(410, DeviceProblems.CHALLENGE_EXPIRED, "Challenge expired",
                "This sign-in request has expired: start again from the service.");
    }

    private static DeviceProblem answered() {
        return new DeviceProblem(409, DeviceProblems.CHALLENGE_ANSWERED, "Already answered",
                "This sign-in request was already answered, or replaced by a newer one.");
    }
}
