package fr.idnum.enrollment.verification;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import fr.idnum.enrollment.activation.ActivationService;
import fr.idnum.enrollment.audit.Actor;
import fr.idnum.enrollment.enrollment.Enrollment;
import fr.idnum.enrollment.enrollment.EnrollmentState;
import fr.idnum.enrollment.identity.IdentityData;
import fr.idnum.enrollment.messaging.RecordingRegisteredLetterSender;
import fr.idnum.enrollment.messaging.RegisteredLetter;
import fr.idnum.enrollment.problem.Problem;
import fr.idnum.enrollment.support.CapturingMailSender;
import fr.idnum.enrollment.support.Journeys;
import fr.idnum.enrollment.support.PostgresTestDatabase;
import fr.idnum.enrollment.support.RemoteProviderKeys;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresTestDatabase.class)
@QuarkusTestResource(RemoteProviderKeys.class)
class RemoteVerificationTest {

    private static final String PATH = "/api/v1/verification/remote/callback";
    private static final Pattern CODE = Pattern.compile("\\b([0-9]{6})\\b");

    @Inject
    Journeys journeys;
    @Inject
    CapturingMailSender mail;
    @Inject
    RecordingRegisteredLetterSender registeredLetters;
    @Inject
    ActivationService activation;

    private static String callback(ECKey key, String issuer, String audience, Instant iat, UUID enrollment, String result,
                                   String reason, String jti) throws JOSEException {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer).audience(audience).jwtID(jti)
                .issueTime(Date.from(iat)).claim("enrollment_id", enrollment.toString()).claim("result", result);
        if (reason != null) {
            claims.claim("reason", reason);
        }
        SignedJWT jws = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims.build());
        jws.sign(new ECDSASigner(key));
        return jws.serialize();
    }

    private static String verified(UUID enrollment, String jti) throws JOSEException {
        return callback(RemoteProviderKeys.key(), RemoteProviderKeys.ISSUER, "idnum-enrollment", Instant.now(), enrollment,
                "VERIFIED", null, jti);
    }

    private static io.restassured.response.ValidatableResponse post(String body) {
        return given().contentType("application/jose").body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post(PATH).then();
    }

    private static EnrollmentState stateOf(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> Enrollment.<Enrollment>findById(id).state);
    }

    @Test
    void aVerifiedRemoteCheckSendsAWorkingCodeByRegisteredLetterToTheCheckedPersonOnlyAndCannotBeReplayed() throws Exception {
        UUID id = journeys.awaitingRemoteCheck("remote-ok", "LECLERC", "50000001");
        String jws = verified(id, "jti-ok-1");

        post(jws).statusCode(204);
        assertEquals(EnrollmentState.VERIFIED, stateOf(id));
        // A plain e-mail was not proven by the check: whoever reads the mailbox must not get the code.
        assertTrue(mail.sentTo("remote-ok@example.fr").stream().noneMatch(m -> CODE.matcher(m.text()).find()),
                "no plain e-mail carries a code: " + mail.sentTo("remote-ok@example.fr"));
        List<RecordingRegisteredLetterSender.RecordedRegisteredLetter> letters = registeredLetters.sentTo("remote-ok@example.fr");
        assertEquals(1, letters.size());
        RegisteredLetter letter = letters.get(0).letter();
        assertEquals(id.toString(), letter.reference());
        // The provider opens it only to the person verified at the check.
        IdentityData identity = QuarkusTransaction.requiringNew().call(() -> Enrollment.<Enrollment>findById(id).identity);
        assertEquals(new RegisteredLetter.Addressee(identity.givenNames, "LECLERC", identity.birthDate), letter.addressee());
        Matcher code = CODE.matcher(letter.text());
        assertTrue(code.find(), "the registered letter carries the 6-digit code");

        post(jws).statusCode(409).body("type", equalTo(Problem.TYPE_BASE + "replayed-callback"));
        assertEquals(1, registeredLetters.sentTo("remote-ok@example.fr").size(), "a replay sends nothing");
        var redemption = activation.redeem("remote-ok", code.group(1), "remote-key", new Actor("keycloak", Actor.SYSTEM));
        assertTrue(redemption instanceof ActivationService.Redemption.Redeemed, "the letter's code activates: " + redemption);
    }

    @Test
    void valuesTooLongToKeepAreRefusedNotFailedAtCommit() throws Exception {
        UUID id = journeys.awaitingRemoteCheck("remote-long", "LEFEBVRE", "50000009");
        post(callback(RemoteProviderKeys.key(), RemoteProviderKeys.ISSUER, "idnum-enrollment", Instant.now(), id,
                "VERIFIED", null, "j".repeat(129))).statusCode(400).body("type", equalTo(Problem.TYPE_BASE + "malformed-callback"));
        post(callback(RemoteProviderKeys.key(), RemoteProviderKeys.ISSUER, "idnum-enrollment", Instant.now(), id,
                "REJECTED", "r".repeat(901), "jti-long-2")).statusCode(400).body("type", equalTo(Problem.TYPE_BASE + "malformed-callback"));
        assertEquals(EnrollmentState.AWAITING_VERIFICATION, stateOf(id));
        post(verified(id, "j".repeat(128))).statusCode(204);
        assertEquals(EnrollmentState.VERIFIED, stateOf(id));
    }

    @Test
    void aRejectionNeedsAReasonAndRejectsTheEnrollment() throws Exception {
        UUID id = journeys.awaitingRemoteCheck("remote-no", "LEFEBVRE", "50000002");
        post(callback(RemoteProviderKeys.key(), RemoteProviderKeys.ISSUER, "idnum-enrollment", Instant.now(), id,
                "REJECTED", null, "jti-no-1")).statusCode(400);
        post(callback(RemoteProviderKeys.key(), RemoteProviderKeys.ISSUER, "idnum-enrollment", Instant.now(), id,
                "REJECTED", "face does not match the document", "jti-no-2")).statusCode(204);
        assertEquals(EnrollmentState.REJECTED, stateOf(id));
    }

    @Test
    void refusesCallbacksNotSignedByTheProviderStaleOrMeantForSomeoneElse() throws Exception {
        UUID id = journeys.awaitingRemoteCheck("remote-forged", "LAMBERT", "50000003");
        ECKey impostor = new ECKeyGenerator(Curve.P_256).keyID(RemoteProviderKeys.key().getKeyID()).generate();

        post(callback(impostor, RemoteProviderKeys.ISSUER, "idnum-enrollment", Instant.now(), id, "VERIFIED", null, "f1"))
                .statusCode(401).body("type", equalTo(Problem.TYPE_BASE + "untrusted-callback"));
        post(callback(RemoteProviderKeys.key(), "https://someone-else.test", "idnum-enrollment", Instant.now(), id, "VERIFIED", null, "f2"))
                .statusCode(401);
        post(callback(RemoteProviderKeys.key(), RemoteProviderKeys.ISSUER, "another-service", Instant.now(), id, "VERIFIED", null, "f3"))
                .statusCode(401);
        post(callback(RemoteProviderKeys.key(), RemoteProviderKeys.ISSUER, "idnum-enrollment", Instant.now().minusSeconds(600), id,
                "VERIFIED", null, "f4")).statusCode(401).body("type", equalTo(Problem.TYPE_BASE + "stale-callback"));
        post("not-a-jws").statusCode(400).body("type", equalTo(Problem.TYPE_BASE + "malformed-callback"));
        assertEquals(EnrollmentState.AWAITING_VERIFICATION, stateOf(id), "nothing changed");
    }

    @Test
    void anInPersonEnrollmentCannotBeVerifiedRemotely() throws Exception {
        Journeys.AwaitingCheck inPerson = journeys.awaitingInPersonCheck("remote-wrong-mode", "MOREAU", "50000004");
        post(verified(inPerson.enrollmentId(), "jti-mode-1")).statusCode(409).body("type", equalTo(Problem.TYPE_BASE + "not-remote"));
        assertEquals(EnrollmentState.AWAITING_VERIFICATION, stateOf(inPerson.enrollmentId()));
    }
}
