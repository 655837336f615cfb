package fr.idnum.e2e.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import fr.idnum.e2e.support.Agent;
import fr.idnum.e2e.support.Browser;
import fr.idnum.e2e.support.Citizens;
import fr.idnum.e2e.support.EnrollmentService;
import fr.idnum.e2e.support.Enrollments;
import fr.idnum.e2e.support.IdnumRealmConfig;
import fr.idnum.e2e.support.IdnumServerConfig;
import fr.idnum.e2e.support.Login;
import fr.idnum.e2e.support.RelyingParty;
import fr.idnum.protocol.DeviceApi;
import fr.idnum.protocol.DeviceClaims;
import fr.idnum.protocol.DeviceProblems;
import fr.idnum.protocol.DeviceRequests;
import fr.idnum.protocol.PinRules;
import fr.idnum.protocol.Platform;
import fr.idnum.simulator.PhoneApp;
import fr.idnum.simulator.device.DeviceApiProblem;
import fr.idnum.simulator.http.HttpReply;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.injection.LifeCycle;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Activation of the phone app against the real Keycloak distribution and the real enrollment service: the
 * simulator does what the app does, the enrollment service redeems the code, Keycloak stores the phone and
 * the verified identity. Every refusal is checked to leave no phone behind.
 */
@KeycloakIntegrationTest(config = IdnumServerConfig.class)
class PhoneActivationIT {

    private static final String GOOD_PIN = "2580";

    @InjectRealm(config = IdnumRealmConfig.class, lifecycle = LifeCycle.GLOBAL)
    ManagedRealm realm;

    @Test
    void activatesThePhoneAndWritesTheVerifiedIdentity() throws Exception {
        Enrollments.Citizen citizen = Enrollments.verified(realm);

        var activation = citizen.phone().activate(citizen.activationCode(), GOOD_PIN, "fcm-token-1", Platform.ANDROID,
                "Téléphone de Marie");

        CredentialRepresentation device = onlyDevice(citizen);
        assertEquals(activation.credentialId(), device.getId());
        assertEquals("Téléphone de Marie", device.getUserLabel());
        assertNull(device.getSecretData(), "the PIN verifier never leaves Keycloak");
        Map<String, Object> data = JSONObjectUtils.parse(device.getCredentialData());
        ECKey registered = ECKey.parse((String) data.get("publicKey"));
        assertEquals(citizen.phone().state().key().toPublicJWK(), registered);
        assertEquals("fcm-token-1", data.get("pushToken"));
        assertEquals("android", data.get("platform"));
        assertEquals("ACTIVE", data.get("status"));
        assertTrue(!device.getCredentialData().contains(GOOD_PIN) || !data.containsValue(GOOD_PIN));

        UserRepresentation user = realm.admin().users().get(citizen.userId()).toRepresentation();
        Map<String, List<String>> attributes = user.getAttributes();
        assertEquals(List.of("Marie Anne Élise"), attributes.get("given_names"));
        assertEquals(List.of("DUPONT"), attributes.get("birth_family_name"));
        assertEquals(List.of("MARTIN"), attributes.get("usage_name"));
        assertEquals(List.of("female"), attributes.get("gender"));
        assertEquals(List.of("1985-04-12"), attributes.get("birthdate"));
        assertEquals(List.of("75107"), attributes.get("birthplace"));
        assertEquals(List.of("99100"), attributes.get("birthcountry"));
        assertEquals(List.of("ACTIVE"), attributes.get("idnum_enrollment_status"));

        assertEquals("ACTIVE", citizen.phone().enrollment().current().state());
        assertNoticeMailed(citizen.identity().email(), "Un téléphone a été activé", "« Téléphone de Marie »");

        List<EventRepresentation> events = realm.admin().getEvents(List.of("UPDATE_CREDENTIAL"), null, citizen.userId(),
                null, null, null, null, null);
        assertTrue(events.stream().anyMatch(e -> activation.credentialId().equals(e.getDetails().get("credential_id"))
                && "activation".equals(e.getDetails().get("idnum_device_action"))), "activation event: " + events);
    }

    @Test
    void anAgentChecksTheDocumentAtThePostOfficeThenThePhoneActivates() {
        Enrollments.Citizen citizen = Enrollments.awaitingPostOffice(realm);
        assertRefused(citizen, citizen.activationCode(), GOOD_PIN, 409, DeviceProblems.IDENTITY_NOT_VERIFIED);

        Agent agent = Agent.signedIn(realm);
        List<Object> found = agent.find(citizen.activationCode(), "Dupont");
        assertEquals(1, found.size(), "the agent finds the enrollment from the code and the birth name: " + found);
        assertEquals(citizen.enrollmentId(), ((Map<?, ?>) found.get(0)).get("id"));
        assertEquals(200, agent.confirm(citizen.enrollmentId(), citizen.activationCode()).statusCode());

        citizen.phone().activate(citizen.activationCode(), GOOD_PIN);
        assertNotNull(onlyDevice(citizen));
        assertEquals("ACTIVE", citizen.phone().enrollment().current().state());
        assertEquals(List.of("DUPONT"), realm.admin().users().get(citizen.userId()).toRepresentation().getAttributes().get("birth_family_name"));
    }

    @Test
    void aLostPhoneIsForgottenBeforeThePostedCodeActivatesTheNewOneAndTheCitizenIsToldByEmail() throws Exception {
        Enrollments.Citizen citizen = Enrollments.verified(realm);
        citizen.phone().activate(citizen.activationCode(), GOOD_PIN, "fcm-old", Platform.ANDROID, "Ancien téléphone");

        Agent operator = Agent.signedIn(realm, "enrollment-admin");
        String mobile = Enrollments.e164(citizen.identity().mobilePhone());
        int texts = EnrollmentService.get().outbox().smsTo(mobile).size();
        assertEquals(202, operator.requireReactivation(citizen.enrollmentId(), "phone replaced, citizen called").statusCode());
        assertEquals(texts, EnrollmentService.get().outbox().smsTo(mobile).size(), "no code texted to the lost phone's number");
        assertNoticeMailed(citizen.identity().email(), "envoyé par courrier", "Si vous n'avez rien demandé");
        String newCode = EnrollmentService.get().lastLetterFor(citizen.enrollmentId()).code();
        PhoneApp newPhone = PhoneApp.at(citizen.phone().realm().issuer(), java.net.URI.create(EnrollmentService.get().url()),
                java.time.Clock.systemUTC());
        newPhone.login(citizen.username(), Citizens.PASSWORD);
        DeviceApiProblem early = assertThrows(DeviceApiProblem.class,
                () -> newPhone.activate(newCode, GOOD_PIN, "fcm-new", Platform.IOS, "Nouveau téléphone"));
        assertEquals(409, early.status(), early.getMessage());
        assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.ACTIVATION_CODE_NOT_YET_VALID, early.type(), early.getMessage());
        // During the cooling-off (3 days in production, seconds here) the enrollment service's outbox makes Keycloak
        // forget the lost phone: the posted code can no longer race that propagation.
        Thread.sleep(EnrollmentService.COOLING_OFF.plusSeconds(2).toMillis()); // not_before is rounded up to the second
        assertTrue(devices(citizen).isEmpty(), "the lost phone is forgotten before the new one can activate");
        newPhone.activate(newCode, GOOD_PIN, "fcm-new", Platform.IOS, "Nouveau téléphone");

        assertNoticeMailed(citizen.identity().email(), "Un téléphone a été activé", "« Nouveau téléphone »");
        assertEquals(newPhone.credentialId(), onlyDevice(citizen).getId());
        awaitEnrollmentStatus(citizen, "ACTIVE");
    }

    @Test
    void afterTheIdentityCheckANewNumberGetsNoCodeTheOldOneIsToldAndTheCodeComesByPost() throws Exception {
        Enrollments.Citizen citizen = Enrollments.verified(realm);
        String oldNumber = Enrollments.e164(citizen.identity().mobilePhone());
        String newNumber = "+33799" + citizen.enrollmentId().replaceAll("[^0-9]", "").concat("000000").substring(0, 6);

        // Keycloak's real token: its auth_time (a password typed seconds ago) passes the recent sign-in check.
        citizen.phone().enrollment().requestMobilePhoneChange(newNumber);
        citizen.phone().enrollment().confirmMobilePhoneChange(EnrollmentService.get().lastSmsTo(newNumber).code());

        assertEquals(1, EnrollmentService.get().outbox().smsTo(newNumber).size(), "the new number got its ownership code only");
        assertTrue(EnrollmentService.get().lastSmsTo(oldNumber).text().contains("a été changé"), "the old number is told");
        assertNoticeMailed(citizen.identity().email(), "Votre numéro de téléphone a été changé", "se terminant par");
        String posted = EnrollmentService.get().lastLetterFor(citizen.enrollmentId()).code();
        if (!posted.equals(citizen.activationCode())) {
            assertRefused(citizen, citizen.activationCode(), GOOD_PIN, 409, DeviceProblems.ACTIVATION_CODE_NOT_YET_VALID);
        }
        Thread.sleep(EnrollmentService.COOLING_OFF.plusSeconds(2).toMillis()); // not_before is rounded up to the second
        citizen.phone().activate(posted, GOOD_PIN);
        assertNotNull(onlyDevice(citizen));
    }

    @Test
    void anOutageOfTheEnrollmentServiceIsAClear503AndCreatesNothing() {
        Enrollments.Citizen citizen = Enrollments.verified(realm);

        EnrollmentService.whileDown(() -> {
            DeviceApiProblem refused = assertRefused(citizen, citizen.activationCode(), GOOD_PIN, 503,
                    DeviceProblems.ENROLLMENT_UNAVAILABLE);
            assertTrue(refused.getMessage().contains("nothing was changed"), refused.getMessage());
            Map<String, List<String>> attributes = realm.admin().users().get(citizen.userId()).toRepresentation().getAttributes();
            assertTrue(attributes == null || !attributes.containsKey("birth_family_name"), "no identity written: " + attributes);
        });

        citizen.phone().activate(citizen.activationCode(), GOOD_PIN);
        assertNotNull(onlyDevice(citizen), "once the service is back, the same code activates");
    }

    @Test
    void wrongCodesAreCountedByTheEnrollmentService() {
        Enrollments.Citizen citizen = Enrollments.verified(realm);
        String wrong = citizen.activationCode().equals("000000") ? "111111" : "000000";

        DeviceApiProblem first = assertRefused(citizen, wrong, GOOD_PIN, 400, DeviceProblems.WRONG_ACTIVATION_CODE);
        assertEquals(4, first.attemptsLeft().orElseThrow());
        DeviceApiProblem second = assertRefused(citizen, wrong, GOOD_PIN, 400, DeviceProblems.WRONG_ACTIVATION_CODE);
        assertEquals(3, second.attemptsLeft().orElseThrow());

        citizen.phone().activate(citizen.activationCode(), GOOD_PIN);
        assertNotNull(onlyDevice(citizen));
    }

    @Test
    void anExpiredActivationCodeIsRefused() throws InterruptedException {
        Enrollments.Citizen citizen = Enrollments.verified(realm);
        Thread.sleep(EnrollmentService.ACTIVATION_CODE_LIFETIME.plusSeconds(1).toMillis());

        assertRefused(citizen, citizen.activationCode(), GOOD_PIN, 410, DeviceProblems.ACTIVATION_CODE_EXPIRED);
        assertEquals("VERIFIED", citizen.phone().enrollment().current().state());
    }

    @Test
    void theCodeOfAnotherCitizenDoesNotActivate() {
        Enrollments.Citizen owner = Enrollments.verified(realm);
        Enrollments.Citizen other = Enrollments.verified(realm);
        if (owner.activationCode().equals(other.activationCode())) {
            return; // one chance in a million: the codes are the same, nothing to prove here
        }
        assertRefused(other, owner.activationCode(), GOOD_PIN, 400, DeviceProblems.WRONG_ACTIVATION_CODE);
        assertEquals("VERIFIED", owner.phone().enrollment().current().state());
    }

    @Test
    void anIdentityNotYetVerifiedCannotActivate() {
        Enrollments.Citizen citizen = Enrollments.awaitingVerification(realm);
        assertRefused(citizen, "123456", GOOD_PIN, 409, DeviceProblems.IDENTITY_NOT_VERIFIED);
    }

    @Test
    void aSuspendedEnrollmentActivatesNothingUntilAnOperatorLiftsTheSuspension() throws Exception {
        Enrollments.Citizen citizen = Enrollments.verified(realm);
        Agent operator = Agent.signedIn(realm, "enrollment-admin");
        assertEquals(200, operator.suspend(citizen.enrollmentId(), "suspected fraud, ticket 4243").statusCode());
        assertRefused(citizen, citizen.activationCode(), GOOD_PIN, 409, DeviceProblems.ENROLLMENT_SUSPENDED);

        var reinstated = operator.reinstate(citizen.enrollmentId(), "cleared, ticket 4243");
        assertEquals(200, reinstated.statusCode(), reinstated.body());
        assertEquals("VERIFIED", JSONObjectUtils.parse(reinstated.body()).get("state"), "back to where the suspension began");
        awaitEnrollmentStatus(citizen, "VERIFIED");

        citizen.phone().activate(citizen.activationCode(), GOOD_PIN);
        onlyDevice(citizen);
        assertEquals("ACTIVE", enrollmentStatus(citizen));
        assertEquals("ACTIVE", citizen.phone().enrollment().current().state());
    }

    @Test
    void weakCodesAreRefusedNamingTheRuleAndTheRetryWithAGoodOneWorks() {
        Enrollments.Citizen citizen = Enrollments.verified(realm);
        Map<String, PinRules.Violation> weak = Map.of(
                "0000", PinRules.Violation.ALL_SAME_DIGIT,
                "1234", PinRules.Violation.ASCENDING_RUN,
                "9876", PinRules.Violation.DESCENDING_RUN,
                "123", PinRules.Violation.NOT_FOUR_DIGITS,
                // Known only once the enrollment service has handed the verified identity over:
                "1985", PinRules.Violation.BIRTH_YEAR,
                "1204", PinRules.Violation.BIRTH_DAY_AND_MONTH);
        weak.forEach((pin, rule) -> {
            DeviceApiProblem refused = assertRefused(citizen, citizen.activationCode(), pin, 400, DeviceProblems.WEAK_PIN);
            assertEquals(rule, refused.violation().orElseThrow(), pin);
        });

        citizen.phone().activate(citizen.activationCode(), GOOD_PIN);
        assertNotNull(onlyDevice(citizen));
    }

    @Test
    void aReplayedActivationRequestIsRefused() {
        Enrollments.Citizen citizen = Enrollments.verified(realm);
        var device = citizen.phone().device();
        String jws = device.activationRequest(citizen.phone().state().key(),
                device.activationClaims(citizen.activationCode(), GOOD_PIN, "fcm", Platform.IOS, "iPhone"));

        assertEquals(201, device.send(DeviceApi.ACTIVATION, jws, citizen.phone().accessToken()).status());
        HttpReply replay = device.send(DeviceApi.ACTIVATION, jws, citizen.phone().accessToken());
        assertEquals(400, replay.status());
        assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.REPLAYED_REQUEST, replay.problem().type());
        assertEquals(1, devices(citizen).size());
    }

    @Test
    void anExpiredActivationRequestIsRefused() throws Exception {
        Enrollments.Citizen citizen = Enrollments.verified(realm);
        var device = citizen.phone().device();
        Map<String, Object> claims = device.activationClaims(citizen.activationCode(), GOOD_PIN, "fcm", Platform.ANDROID, "Pixel");
        String old = DeviceRequests.signActivation(citizen.phone().state().key(), activationEndpoint(citizen), claims,
                Instant.now().minusSeconds(5 * 60));

        HttpReply reply = device.send(DeviceApi.ACTIVATION, old, citizen.phone().accessToken());
        assertEquals(400, reply.status(), reply.body());
        assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.INVALID_REQUEST, reply.problem().type());
        assertTrue(devices(citizen).isEmpty());
    }

    @Test
    void aMalformedDeviceKeyIsRefused() throws Exception {
        Enrollments.Citizen citizen = Enrollments.verified(realm);
        var device = citizen.phone().device();
        String jws = device.activationRequest(citizen.phone().state().key(),
                device.activationClaims(citizen.activationCode(), GOOD_PIN, "fcm", Platform.ANDROID, "Pixel"));
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"ES256\",\"typ\":\"idnum-activation+jwt\",\"jwk\":{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AA\"}}".getBytes());
        String malformed = header + jws.substring(jws.indexOf('.'));

        HttpReply reply = device.send(DeviceApi.ACTIVATION, malformed, citizen.phone().accessToken());
        assertEquals(400, reply.status(), reply.body());
        assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.INVALID_REQUEST, reply.problem().type());
        assertTrue(devices(citizen).isEmpty());
    }

    @Test
    void aTokenOfAnotherClientCannotActivate() throws Exception {
        Enrollments.Citizen citizen = Enrollments.verified(realm);
        RelyingParty rp = RelyingParty.monCompteFormation();
        RelyingParty.AuthorizationAttempt attempt = rp.authorize("openid").acrValues("eidas1");
        Browser.Result callback = Login.withPassword(new Browser(), attempt.uri(), citizen.username(), Citizens.PASSWORD);
        String rpToken = RelyingParty.tokens(attempt.exchange(callback.redirectParameters().get("code")))
                .getOIDCTokens().getAccessToken().getValue();

        var device = citizen.phone().device();
        String jws = device.activationRequest(citizen.phone().state().key(),
                device.activationClaims(citizen.activationCode(), GOOD_PIN, "fcm", Platform.ANDROID, "Pixel"));
        HttpReply reply = device.send(DeviceApi.ACTIVATION, jws, rpToken);
        assertEquals(403, reply.status(), reply.body());
        assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.WRONG_CLIENT, reply.problem().type());
        assertEquals("VERIFIED", citizen.phone().enrollment().current().state(), "the code was not spent");
    }

    @Test
    void theActivatedPhoneSignsItsRequestsAndNobodyElseCan() throws Exception {
        Enrollments.Citizen citizen = Enrollments.verified(realm);
        citizen.phone().activate(citizen.activationCode(), GOOD_PIN);
        var device = citizen.phone().device();

        citizen.phone().updatePushToken("fcm-token-2", GOOD_PIN);
        assertEquals("fcm-token-2", JSONObjectUtils.parse(onlyDevice(citizen).getCredentialData()).get("pushToken"));

        Map<String, Object> claims = fr.idnum.simulator.device.DeviceClient.newRequest();
        claims.put(DeviceClaims.PUSH_TOKEN, "fcm-token-3");
        claims.put(DeviceClaims.PIN, device.sealPin(GOOD_PIN, fr.idnum.protocol.PinEnvelope.PURPOSE_PUSH_TOKEN, claims));
        String request = device.deviceRequest(citizen.phone().state(), DeviceApi.PUSH_TOKEN, claims);
        assertEquals(204, device.send(DeviceApi.PUSH_TOKEN, request, null).status());
        HttpReply replay = device.send(DeviceApi.PUSH_TOKEN, request, null);
        assertEquals(400, replay.status());
        assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.REPLAYED_REQUEST, replay.problem().type());

        ECKey stranger = new ECKeyGenerator(Curve.P_256).generate();
        String forged = DeviceRequests.sign(stranger, citizen.phone().credentialId(),
                DeviceApi.endpoint(citizen.phone().realm().issuer(), DeviceApi.DEACTIVATION), Map.of(), Instant.now());
        HttpReply refused = device.send(DeviceApi.DEACTIVATION, forged, null);
        assertEquals(401, refused.status());
        assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.INVALID_DEVICE_REQUEST, refused.problem().type());

        String expired = DeviceRequests.sign(citizen.phone().state().key(), citizen.phone().credentialId(),
                DeviceApi.endpoint(citizen.phone().realm().issuer(), DeviceApi.DEACTIVATION), Map.of(), Instant.now().minusSeconds(300));
        assertEquals(401, device.send(DeviceApi.DEACTIVATION, expired, null).status());
        assertEquals(1, devices(citizen).size(), "neither the forged nor the expired request removed the phone");

        citizen.phone().deactivate(GOOD_PIN);
        assertTrue(devices(citizen).isEmpty());
    }

    @Test
    void theDeviceKeyAloneCanNeitherRemoveThePhoneNorSendItsPushesElsewhere() throws Exception {
        Enrollments.Citizen citizen = Enrollments.verified(realm);
        citizen.phone().activate(citizen.activationCode(), GOOD_PIN, "fcm-token-1", Platform.ANDROID, "Téléphone de Marie");
        var device = citizen.phone().device();

        HttpReply noCode = device.send(DeviceApi.DEACTIVATION, device.deviceRequest(citizen.phone().state(), DeviceApi.DEACTIVATION, Map.of()), null);
        assertEquals(400, noCode.status(), noCode.body());
        DeviceApiProblem wrongDeactivation = assertThrows(DeviceApiProblem.class, () -> citizen.phone().deactivate("1397"));
        assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.WRONG_PIN, wrongDeactivation.type());
        DeviceApiProblem wrongPush = assertThrows(DeviceApiProblem.class, () -> citizen.phone().updatePushToken("attacker-token", "1397"));
        assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.WRONG_PIN, wrongPush.type());
        assertEquals(1, wrongPush.attemptsLeft().orElseThrow(), "both wrong codes counted, as at sign-in");

        Map<String, Object> data = JSONObjectUtils.parse(onlyDevice(citizen).getCredentialData());
        assertEquals("fcm-token-1", data.get("pushToken"));
        // Once the phone locks (a third wrong code), removing it needs no code it could no longer check.
        assertThrows(DeviceApiProblem.class, () -> citizen.phone().deactivate("1397"));
        citizen.phone().deactivate(null);
        assertTrue(devices(citizen).isEmpty());
        // However a phone is removed (here from the app; the account console records the same event), the citizen
        // hears of it.
        assertNoticeMailed(citizen.identity().email(), "Un téléphone a été retiré", "« Téléphone de Marie »");
    }

    @Test
    void theCodeChangesOnlyWithTheCurrentOneAndLocksAfterTooManyWrongOnes() throws Exception {
        Enrollments.Citizen citizen = Enrollments.verified(realm);
        citizen.phone().activate(citizen.activationCode(), GOOD_PIN);

        citizen.phone().changePin(GOOD_PIN, "1397");
        DeviceApiProblem weak = assertThrows(DeviceApiProblem.class, () -> citizen.phone().changePin("1397", "1111"));
        assertEquals(PinRules.Violation.ALL_SAME_DIGIT, weak.violation().orElseThrow());

        DeviceApiProblem wrong = assertThrows(DeviceApiProblem.class, () -> citizen.phone().changePin(GOOD_PIN, "3691"));
        assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.WRONG_PIN, wrong.type());
        assertEquals(2, wrong.attemptsLeft().orElseThrow());
        assertThrows(DeviceApiProblem.class, () -> citizen.phone().changePin(GOOD_PIN, "3691"));
        DeviceApiProblem locked = assertThrows(DeviceApiProblem.class, () -> citizen.phone().changePin(GOOD_PIN, "3691"));
        assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.DEVICE_LOCKED, locked.type());

        DeviceApiProblem stillLocked = assertThrows(DeviceApiProblem.class, () -> citizen.phone().changePin("1397", "3691"));
        assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.DEVICE_LOCKED, stillLocked.type(), "even the right code");
        assertEquals("LOCKED", JSONObjectUtils.parse(onlyDevice(citizen).getCredentialData()).get("status"));
    }

    /** The e-mail goes once Keycloak has committed, so it may land a moment after the answer. */
    private static void assertNoticeMailed(String email, String subject, String text) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            var mails = EnrollmentService.get().outbox().mailTo(email);
            if (mails.stream().anyMatch(m -> m.subject().contains(subject) && m.body().contains(text))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("No notice '" + subject + "' to " + email + ": " + EnrollmentService.get().outbox().mailTo(email));
    }

    private DeviceApiProblem assertRefused(Enrollments.Citizen citizen, String code, String pin, int status, String type) {
        DeviceApiProblem refused = assertThrows(DeviceApiProblem.class, () -> citizen.phone().activate(code, pin));
        assertEquals(status, refused.status(), refused.getMessage());
        assertEquals(DeviceProblems.TYPE_BASE + type, refused.type(), refused.getMessage());
        assertTrue(devices(citizen).isEmpty(), "a refused activation leaves no phone");
        return refused;
    }

    private String enrollmentStatus(Enrollments.Citizen citizen) {
        Map<String, List<String>> attributes = realm.admin().users().get(citizen.userId()).toRepresentation().getAttributes();
        List<String> values = attributes == null ? null : attributes.get("idnum_enrollment_status");
        return values == null ? null : values.get(0);
    }

    /** Waits for the enrollment service's outbox to tell Keycloak (it runs every second in the tests). */
    private void awaitEnrollmentStatus(Enrollments.Citizen citizen, String expected) throws InterruptedException {
        for (int i = 0; i < 100 && !expected.equals(enrollmentStatus(citizen)); i++) {
            Thread.sleep(100);
        }
        assertEquals(expected, enrollmentStatus(citizen), "the enrollment service's propagation reached Keycloak");
    }

    private static java.net.URI activationEndpoint(Enrollments.Citizen citizen) {
        return DeviceApi.endpoint(citizen.phone().realm().issuer(), DeviceApi.ACTIVATION);
    }

    private List<CredentialRepresentation> devices(Enrollments.Citizen citizen) {
        return realm.admin().users().get(citizen.userId()).credentials().stream()
                .filter(c -> "idnum-device".equals(c.getType())).toList();
    }

    private CredentialRepresentation onlyDevice(Enrollments.Citizen citizen) {
        List<CredentialRepresentation> devices = devices(citizen);
        assertEquals(1, devices.size(), "one active phone");
        return devices.get(0);
    }
}
