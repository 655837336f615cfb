package fr.idnum.e2e.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import fr.idnum.e2e.support.Agent;
import fr.idnum.e2e.support.Browser;
import fr.idnum.e2e.support.Citizens;
import fr.idnum.e2e.support.EnrollmentService;
import fr.idnum.e2e.support.Enrollments;
import fr.idnum.e2e.support.IdnumRealmConfig;
import fr.idnum.e2e.support.IdnumServerConfig;
import fr.idnum.e2e.support.Login;
import fr.idnum.e2e.support.PushLogin;
import fr.idnum.e2e.support.PushSettings;
import fr.idnum.e2e.support.RelyingParty;
import fr.idnum.e2e.support.TestEnvironment;
import fr.idnum.keycloak.push.PushEvents;
import fr.idnum.protocol.ChallengeAnswers;
import fr.idnum.protocol.Challenges;
import fr.idnum.protocol.DeviceApi;
import fr.idnum.protocol.DeviceProblems;
import fr.idnum.simulator.device.DeviceApiProblem;
import fr.idnum.simulator.http.HttpReply;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.injection.LifeCycle;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Signing in at eidas2 with the phone, against the real Keycloak, enrollment service and simulator: a relying
 * party written with nimbus asks for eidas2, the browser waits on our page, the simulated phone answers.
 */
@KeycloakIntegrationTest(config = IdnumServerConfig.class)
class PushSignInIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @InjectRealm(config = IdnumRealmConfig.class, lifecycle = LifeCycle.GLOBAL)
    ManagedRealm realm;

    private final RelyingParty rp = RelyingParty.monCompteFormation();

    @Test
    void approvalOnThePhoneSignsInAtEidas2WithTheVerifiedIdentity() throws Exception {
        Enrollments.Citizen citizen = Enrollments.activated(realm);
        RelyingParty.AuthorizationAttempt attempt = rp.authorize("openid identite_pivot").acrValues("eidas2");
        PushLogin login = PushLogin.start(new Browser(), attempt.uri(), citizen.username());

        Challenges.Challenge challenge = citizen.phone().awaitChallenge(WAIT);
        assertEquals("Mon Compte Formation", challenge.clientName());
        assertTrue(challenge.numberMatching(), "the citizen types the number the browser shows (the phone is not told it)");
        assertFalse(challenge.replacesPrevious());
        citizen.phone().approve(challenge, Enrollments.PIN, login.number());

        Browser.Result callback = login.check();
        IDTokenClaimsSet id = idToken(attempt, callback);
        assertEquals("eidas2", id.getACR().getValue());
        assertEquals(List.of("pin", "pop", "mfa"), RelyingParty.stringList(id.toJSONObject().get("amr")));
        assertEquals("Marie Anne Élise", id.getStringClaim("given_name"));
        assertEquals("DUPONT", id.getStringClaim("family_name"));
        assertEquals("75107", id.getStringClaim("birthplace"));

        EventRepresentation event = lastEvent(citizen.userId(), "LOGIN");
        assertEquals(challenge.id(), event.getDetails().get(PushEvents.CHALLENGE_DETAIL));
        assertEquals(citizen.phone().credentialId(), event.getDetails().get("credential_id"));
    }

    @Test
    void aSuspendedCitizensPhoneSignsNothingUntilReinstated() {
        Enrollments.Citizen citizen = Enrollments.activated(realm);
        setEnrollmentStatus(citizen, "SUSPENDED");

        Browser.Result page = Login.identifier(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), citizen.username());
        assertEquals("suspended", page.page().selectFirst("#idnum-push-outcome").attr("data-state"));
        assertEquals(PushEvents.SUSPENDED_EVENT_ERROR, lastEvent(citizen.userId(), "LOGIN_ERROR").getError());
        DeviceApiProblem refused = assertThrows(DeviceApiProblem.class, () -> citizen.phone().pendingChallenge(),
                "a suspended citizen's phone fetches no sign-in request");
        assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.ENROLLMENT_SUSPENDED, refused.type());

        setEnrollmentStatus(citizen, "ACTIVE");
        PushLogin.start(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), citizen.username());
    }

    @Test
    void anOperatorsSuspensionReachesKeycloakThroughTheOutboxAndStopsThePhone() throws Exception {
        Enrollments.Citizen citizen = Enrollments.activated(realm);
        Agent operator = Agent.signedIn(realm, "enrollment-admin");
        assertEquals(200, operator.suspend(citizen.enrollmentId(), "suspected fraud, ticket 4242").statusCode());

        // The outbox is dispatched every 15 s by the running service.
        String status = null;
        for (int i = 0; i < 60 && !"SUSPENDED".equals(status); i++) {
            Thread.sleep(500);
            List<String> values = realm.admin().users().get(citizen.userId()).toRepresentation().getAttributes().get("idnum_enrollment_status");
            status = values == null ? null : values.get(0);
        }
        assertEquals("SUSPENDED", status, "the suspension reached Keycloak");
        Browser.Result page = Login.identifier(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), citizen.username());
        assertEquals("suspended", page.page().selectFirst("#idnum-push-outcome").attr("data-state"));

        // Only the status travelled: no admin event holds the citizen's identity (admin events outlive an erasure).
        assertTrue(realm.admin().getAdminEvents().stream()
                        .filter(e -> e.getResourcePath() != null && e.getResourcePath().contains(citizen.userId()))
                        .noneMatch(e -> e.getRepresentation() != null && e.getRepresentation().contains("DUPONT")),
                "no admin event carries the identity");
        assertTrue(realm.admin().getEvents(List.of("UPDATE_PROFILE"), null, citizen.userId(), null, null, null, 0, 100).stream()
                .anyMatch(e -> "SUSPENDED".equals(e.getDetails().get("idnum_enrollment_status"))), "the change is recorded");
    }

    @Test
    void theEnrollmentServicesAccountCanSetAStatusAndNothingElse() throws Exception {
        Enrollments.Citizen citizen = Enrollments.activated(realm);
        HttpClient http = HttpClient.newHttpClient();
        String form = "grant_type=client_credentials&client_id=" + TestEnvironment.ENROLLMENT_CLIENT_ID
                + "&client_secret=" + java.net.URLEncoder.encode(TestEnvironment.ENROLLMENT_SECRET, java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse<String> tokenResponse = http.send(HttpRequest.newBuilder(URI.create(TestEnvironment.ISSUER + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, tokenResponse.statusCode(), tokenResponse.body());
        String token = (String) com.nimbusds.jose.util.JSONObjectUtils.parse(tokenResponse.body()).get("access_token");

        HttpResponse<String> adminRead = http.send(HttpRequest.newBuilder(URI.create(TestEnvironment.KEYCLOAK + "/admin/realms/"
                + TestEnvironment.REALM + "/users/" + citizen.userId())).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, adminRead.statusCode(), "the admin API is closed to it: " + adminRead.body());

        URI statusUrl = URI.create(TestEnvironment.ISSUER + "/idnum/enrollment-status/" + citizen.userId());
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(statusUrl).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"OWNED\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, bad.statusCode(), bad.body());
        HttpResponse<String> stranger = http.send(HttpRequest.newBuilder(statusUrl)
                .header("Authorization", "Bearer " + citizen.phone().accessToken())
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"ACTIVE\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, stranger.statusCode(), "a citizen's token cannot: " + stranger.body());

        HttpResponse<String> revoked = http.send(HttpRequest.newBuilder(statusUrl).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"REVOKED\",\"remove_devices\":true,\"erase_identity\":false}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(204, revoked.statusCode(), revoked.body());
        var user = realm.admin().users().get(citizen.userId());
        assertEquals(List.of("REVOKED"), user.toRepresentation().getAttributes().get("idnum_enrollment_status"));
        assertEquals(List.of("DUPONT"), user.toRepresentation().getAttributes().get("birth_family_name"), "the identity is kept unless erased");
        assertTrue(user.credentials().stream().noneMatch(c -> "idnum-device".equals(c.getType())), "the phone is gone");
    }

    /** What the enrollment service's propagation does through the admin API. */
    private void setEnrollmentStatus(Enrollments.Citizen citizen, String status) {
        var user = realm.admin().users().get(citizen.userId()).toRepresentation();
        user.singleAttribute("idnum_enrollment_status", status);
        realm.admin().users().get(citizen.userId()).update(user);
    }

    @Test
    void theHubsCitizensSeeViaFranceConnectPlusOnThePhone() {
        Enrollments.Citizen citizen = Enrollments.activated(realm);
        RelyingParty.AuthorizationAttempt attempt = RelyingParty.hub().authorize("openid").acrValues("eidas2").withoutPkce().promptLogin();
        PushLogin.start(new Browser(), attempt.uri(), citizen.username());

        assertEquals("via FranceConnect+", citizen.phone().awaitChallenge(WAIT).clientName());
    }

    @Test
    void aDenialFailsTheSignInAndCanBeReportedAsFraud() {
        Enrollments.Citizen citizen = Enrollments.activated(realm);
        RelyingParty.AuthorizationAttempt attempt = rp.authorize("openid").acrValues("eidas2");
        PushLogin login = PushLogin.start(new Browser(), attempt.uri(), citizen.username());

        citizen.phone().deny(citizen.phone().awaitChallenge(WAIT));
        login.check();
        login.assertState("denied");
        assertEquals(PushEvents.DENIED_EVENT_ERROR, lastEvent(citizen.userId(), "LOGIN_ERROR").getError());

        Browser.Result back = login.press("fraud");
        assertEquals("access_denied", back.redirectParameters().get("error"));
        assertEquals(attempt.state.getValue(), back.redirectParameters().get("state"));
        assertTrue(realm.admin().getEvents(List.of("LOGIN_ERROR"), null, citizen.userId(), null, null, null, 0, 100).stream()
                        .anyMatch(e -> PushEvents.FRAUD_REPORTED_EVENT_ERROR.equals(e.getError())
                                && e.getDetails().get(PushEvents.CHALLENGE_DETAIL) != null),
                "the fraud report is recorded with the challenge id");
    }

    @Test
    void notMeOnThePhoneLocksEverySignInUntilTheCitizenUnlocksThemWithTheirCode() throws Exception {
        Enrollments.Citizen citizen = Enrollments.activated(realm);
        PushLogin fraud = PushLogin.start(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), citizen.username());
        Challenges.Challenge challenge = citizen.phone().awaitChallenge(WAIT);

        citizen.phone().reportFraud(challenge);
        fraud.check();
        fraud.assertState("sign-in-locked");
        List<EventRepresentation> errors = realm.admin().getEvents(List.of("LOGIN_ERROR"), null, citizen.userId(), null, null, null, 0, 100);
        assertTrue(errors.stream().anyMatch(e -> PushEvents.FRAUD_REPORTED_EVENT_ERROR.equals(e.getError())
                && challenge.id().equals(e.getDetails().get(PushEvents.CHALLENGE_DETAIL))), "the report is recorded: " + errors);
        for (int i = 0; i < 50 && EnrollmentService.get().outbox().mailTo(citizen.identity().email()).stream()
                .noneMatch(m -> m.subject().contains("Connexions bloquées à votre demande")); i++) {
            Thread.sleep(100);
        }
        assertTrue(EnrollmentService.get().outbox().mailTo(citizen.identity().email()).stream()
                .anyMatch(m -> m.subject().contains("Connexions bloquées à votre demande")), "the citizen is told by e-mail");

        // Whoever tries next (the fraudster again, or anyone), nothing is pushed while the lock holds.
        Browser.Result locked = Login.identifier(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), citizen.username());
        assertEquals("sign-in-locked", locked.page().selectFirst("#idnum-push-outcome").attr("data-state"));
        assertTrue(citizen.phone().pendingChallenge().isEmpty());

        DeviceApiProblem wrong = assertThrows(DeviceApiProblem.class, () -> citizen.phone().unlockSignIns("1397"));
        assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.WRONG_PIN, wrong.type());
        citizen.phone().unlockSignIns(Enrollments.PIN);
        PushLogin again = PushLogin.start(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), citizen.username());
        citizen.phone().approve(citizen.phone().awaitChallenge(WAIT), Enrollments.PIN, again.number());
        assertTrue(again.check().leftKeycloak(), "signed in again once the citizen lifted the lock");
    }

    @Test
    void wrongCodesLockThePhoneAndThenEvenTheRightCodeIsRefused() {
        Enrollments.Citizen citizen = Enrollments.activated(realm);
        PushLogin login = PushLogin.start(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), citizen.username());
        Challenges.Challenge challenge = citizen.phone().awaitChallenge(WAIT);

        DeviceApiProblem first = assertThrows(DeviceApiProblem.class, () -> citizen.phone().approve(challenge, "1397", login.number()));
        assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.WRONG_PIN, first.type());
        assertEquals(2, first.attemptsLeft().orElseThrow());
        assertThrows(DeviceApiProblem.class, () -> citizen.phone().approve(challenge, "1397", login.number()));
        DeviceApiProblem locked = assertThrows(DeviceApiProblem.class, () -> citizen.phone().approve(challenge, "1397", login.number()));
        assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.DEVICE_LOCKED, locked.type());

        DeviceApiProblem rightButLocked = assertThrows(DeviceApiProblem.class,
                () -> citizen.phone().approve(challenge, Enrollments.PIN, login.number()));
        assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.DEVICE_LOCKED, rightButLocked.type());
        login.check();
        login.assertState("locked");

        var status = realm.admin().attackDetection().bruteForceUserStatus(citizen.userId());
        assertEquals(0, ((Number) status.get("numFailures")).intValue(),
                "wrong 4-digit codes count on the phone, not against the citizen's password: " + status);
    }

    @Test
    void wrongPasswordsTypedBySomeoneElseDoNotKeepTheCitizenOffEidas2() throws Exception {
        Enrollments.Citizen citizen = Enrollments.activated(realm);
        // Anyone who knows the e-mail address can type wrong passwords: two within a second lock passwords for a minute,
        // five lock them whatever the pace (on a busy machine two attempts may be more than a second apart).
        var status = realm.admin().attackDetection().bruteForceUserStatus(citizen.userId());
        for (int i = 0; i < 5 && !Boolean.TRUE.equals(status.get("disabled")); i++) {
            Login.withPassword(new Browser(), rp.authorize("openid").acrValues("eidas1").uri(), citizen.username(), "Wrong-password-1");
            status = realm.admin().attackDetection().bruteForceUserStatus(citizen.userId());
        }
        assertEquals(Boolean.TRUE, status.get("disabled"), "the password is locked: " + status);

        RelyingParty.AuthorizationAttempt attempt = rp.authorize("openid").acrValues("eidas2");
        PushLogin login = PushLogin.start(new Browser(), attempt.uri(), citizen.username());
        Challenges.Challenge challenge = citizen.phone().awaitChallenge(WAIT);
        citizen.phone().approve(challenge, Enrollments.PIN, login.number());
        assertEquals("eidas2", idToken(attempt, login.check()).getACR().getValue());
    }

    @Test
    void aLockedPhoneCannotUnlockItselfByActivatingItsKeyAgain() {
        Enrollments.Citizen citizen = Enrollments.activated(realm);
        PushLogin login = PushLogin.start(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), citizen.username());
        Challenges.Challenge challenge = citizen.phone().awaitChallenge(WAIT);
        for (int i = 0; i < 3; i++) {
            assertThrows(DeviceApiProblem.class, () -> citizen.phone().approve(challenge, "1397", login.number()));
        }

        // Whoever holds the phone (its key and an app session) tries to activate it again with a new code of their
        // choice: neither a made-up activation code nor the one already used brings the phone back.
        DeviceApiProblem madeUp = assertThrows(DeviceApiProblem.class, () -> citizen.phone().activate("000000", "1397"));
        assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.WRONG_ACTIVATION_CODE, madeUp.type());
        DeviceApiProblem used = assertThrows(DeviceApiProblem.class, () -> citizen.phone().activate(citizen.activationCode(), "1397"));
        assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.ACTIVATION_CODE_USED, used.type());

        String device = realm.admin().users().get(citizen.userId()).credentials().stream()
                .filter(c -> "idnum-device".equals(c.getType())).findFirst().orElseThrow().getCredentialData();
        assertTrue(device.contains("\"LOCKED\""), "the phone stays locked: " + device);
        Browser.Result again = Login.identifier(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), citizen.username());
        assertTrue(again.page().selectFirst("#idnum-push-waiting") == null, "a locked phone gets no new challenge: " + again.page().text());
    }

    @Test
    void anActivePhonesCodeCannotBeResetWithTheActivationCodeAlreadyUsed() {
        Enrollments.Citizen citizen = Enrollments.activated(realm);
        String credential = citizen.phone().credentialId();

        DeviceApiProblem used = assertThrows(DeviceApiProblem.class, () -> citizen.phone().activate(citizen.activationCode(), "1397"));
        assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.ACTIVATION_CODE_USED, used.type());
        // An app whose first answer was lost learns which credential its key already is, and nothing changes.
        assertEquals(java.util.Optional.of(credential), used.problem().member(DeviceProblems.CREDENTIAL_ID));

        PushLogin login = PushLogin.start(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), citizen.username());
        Challenges.Challenge challenge = citizen.phone().awaitChallenge(WAIT);
        DeviceApiProblem oldCodeStands = assertThrows(DeviceApiProblem.class, () -> citizen.phone().approve(challenge, "1397", login.number()));
        assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.WRONG_PIN, oldCodeStands.type());
        assertEquals(credential, realm.admin().users().get(citizen.userId()).credentials().stream()
                .filter(c -> "idnum-device".equals(c.getType())).findFirst().orElseThrow().getId());
    }

    @Test
    void wrongCodesSentAllAtOnceStillLockThePhoneAtTheLimit() throws Exception {
        Enrollments.Citizen citizen = Enrollments.activated(realm);
        PushLogin login = PushLogin.start(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), citizen.username());
        Challenges.Challenge challenge = citizen.phone().awaitChallenge(WAIT);

        // A stolen phone's owner-to-be tries ten codes at once, each request signed and fresh: they are judged
        // one after the other, so three count and the phone locks, instead of ten racing past the counter.
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(10);
        List<java.util.concurrent.Future<String>> answers = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                String wrong = String.format("%04d", 1397 + 11 * i);
                answers.add(pool.submit(() -> {
                    try {
                        citizen.phone().approve(challenge, wrong, login.number());
                        return "approved";
                    } catch (DeviceApiProblem refused) {
                        return refused.type() == null ? "http-" + refused.status()
                                : refused.type().substring(DeviceProblems.TYPE_BASE.length());
                    }
                }));
            }
            List<String> outcomes = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<String> answer : answers) {
                outcomes.add(answer.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertFalse(outcomes.contains("approved"), outcomes.toString());
            assertTrue(outcomes.stream().noneMatch(o -> o.startsWith("http-")), "each answer gets a clear refusal: " + outcomes);
            assertTrue(outcomes.stream().filter(DeviceProblems.WRONG_PIN::equals).count() <= 2,
                    "at most two wrong codes are told 'try again', the third locks: " + outcomes);
        } finally {
            pool.shutdownNow();
        }
        DeviceApiProblem rightButLocked = assertThrows(DeviceApiProblem.class,
                () -> citizen.phone().approve(challenge, Enrollments.PIN, login.number()));
        assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.DEVICE_LOCKED, rightButLocked.type());
        String device = realm.admin().users().get(citizen.userId()).credentials().stream()
                .filter(c -> "idnum-device".equals(c.getType())).findFirst().orElseThrow().getCredentialData();
        assertTrue(device.contains("\"LOCKED\""), "the phone is locked: " + device);
        login.check();
        login.assertState("locked");
    }

    @Test
    void aSuspensionThatComesWhileTheSignInPageIsOpenStopsIt() {
        Enrollments.Citizen citizen = Enrollments.activated(realm);
        PushLogin login = PushLogin.start(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), citizen.username());
        Challenges.Challenge challenge = citizen.phone().awaitChallenge(WAIT);
        citizen.phone().approve(challenge, Enrollments.PIN, login.number());

        // Approved a moment before the enrollment service's suspension reached Keycloak: the browser still gets no
        // eidas2 session, and the phone can neither fetch nor approve another sign-in.
        setEnrollmentStatus(citizen, "SUSPENDED");
        login.check();
        login.assertState("suspended");
        login.press("retry");
        login.assertState("suspended");
        DeviceApiProblem refused = assertThrows(DeviceApiProblem.class, () -> citizen.phone().pendingChallenge());
        assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.ENROLLMENT_SUSPENDED, refused.type());
        setEnrollmentStatus(citizen, "ACTIVE");
    }

    @Test
    void theWrongNumberRefusesTheSignIn() {
        Enrollments.Citizen citizen = Enrollments.activated(realm);
        PushLogin login = PushLogin.start(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), citizen.username());
        Challenges.Challenge challenge = citizen.phone().awaitChallenge(WAIT);
        int wrong = login.number() == 99 ? 98 : login.number() + 1;

        DeviceApiProblem refused = assertThrows(DeviceApiProblem.class, () -> citizen.phone().approve(challenge, Enrollments.PIN, wrong));
        assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.WRONG_NUMBER, refused.type());
        login.check();
        login.assertState("wrong-number");
    }

    @Test
    void aReplayedApprovalIsRefusedAndTheChallengeIsAnsweredOnce() {
        Enrollments.Citizen citizen = Enrollments.activated(realm);
        PushLogin login = PushLogin.start(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), citizen.username());
        Challenges.Challenge challenge = citizen.phone().awaitChallenge(WAIT);
        var device = citizen.phone().device();
        Map<String, Object> claims = device.answerClaims(challenge, ChallengeAnswers.APPROVE, login.number(), Enrollments.PIN);
        String approval = device.answerRequest(citizen.phone().state(), claims);

        assertEquals(204, device.send(DeviceApi.CHALLENGE_ANSWER, approval, null).status());
        HttpReply replay = device.send(DeviceApi.CHALLENGE_ANSWER, approval, null);
        assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.REPLAYED_REQUEST, replay.problem().type());
        HttpReply again = device.send(DeviceApi.CHALLENGE_ANSWER, device.answerRequest(citizen.phone().state(),
                device.answerClaims(challenge, ChallengeAnswers.APPROVE, login.number(), Enrollments.PIN)), null);
        assertEquals(409, again.status());
        assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.CHALLENGE_ANSWERED, again.problem().type());
        assertTrue(login.check().leftKeycloak(), "the first approval still signs in");
    }

    @Test
    void aNumberOfTheWrongTypeIsTheAppsErrorAndTheChallengeStaysOpen() {
        Enrollments.Citizen citizen = Enrollments.activated(realm);
        RelyingParty.AuthorizationAttempt attempt = rp.authorize("openid").acrValues("eidas2");
        PushLogin login = PushLogin.start(new Browser(), attempt.uri(), citizen.username());
        Challenges.Challenge challenge = citizen.phone().awaitChallenge(WAIT);
        var device = citizen.phone().device();

        // An app that sends the typed number as a string, or a fraction: a type error, not the citizen's wrong number.
        for (Object wrongType : List.of(Integer.toString(login.number()), login.number() + 0.5)) {
            Map<String, Object> claims = device.answerClaims(challenge, ChallengeAnswers.APPROVE, login.number(), Enrollments.PIN);
            claims.put(ChallengeAnswers.NUMBER, wrongType);
            HttpReply refused = device.send(DeviceApi.CHALLENGE_ANSWER, device.answerRequest(citizen.phone().state(), claims), null);
            assertEquals(400, refused.status(), refused.body());
            assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.INVALID_REQUEST, refused.problem().type());
        }

        citizen.phone().approve(challenge, Enrollments.PIN, login.number());
        assertEquals("eidas2", idToken(attempt, login.check()).getACR().getValue());
    }

    @Test
    void aSealedCodeTakenFromOneRequestIsWorthlessInAnother() {
        Enrollments.Citizen citizen = Enrollments.activated(realm);
        PushLogin login = PushLogin.start(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), citizen.username());
        Challenges.Challenge challenge = citizen.phone().awaitChallenge(WAIT);
        var device = citizen.phone().device();
        Map<String, Object> seen = device.answerClaims(challenge, ChallengeAnswers.APPROVE, login.number(), Enrollments.PIN);

        // Whoever holds the key and saw one sealed code signs a request of their own around it.
        Map<String, Object> reused = fr.idnum.simulator.device.DeviceClient.newRequest();
        seen.forEach((name, value) -> reused.putIfAbsent(name, value));
        HttpReply refused = device.send(DeviceApi.CHALLENGE_ANSWER, device.answerRequest(citizen.phone().state(), reused), null);
        assertEquals(400, refused.status(), refused.body());
        assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.INVALID_PIN_ENVELOPE, refused.problem().type());

        citizen.phone().approve(challenge, Enrollments.PIN, login.number());
        assertTrue(login.check().leftKeycloak());
    }

    @Test
    void anotherPhoneCannotAnswerSomeoneElsesChallenge() {
        Enrollments.Citizen citizen = Enrollments.activated(realm);
        Enrollments.Citizen other = Enrollments.activated(realm);
        PushLogin login = PushLogin.start(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), citizen.username());
        Challenges.Challenge challenge = citizen.phone().awaitChallenge(WAIT);

        var device = other.phone().device();
        HttpReply refused = device.send(DeviceApi.CHALLENGE_ANSWER, device.answerRequest(other.phone().state(),
                device.answerClaims(challenge, ChallengeAnswers.APPROVE, login.number(), Enrollments.PIN)), null);
        assertEquals(404, refused.status(), refused.body());
        assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.UNKNOWN_CHALLENGE, refused.problem().type());
        assertTrue(other.phone().pendingChallenge().isEmpty(), "nothing waits for the other phone");
        login.check();
        login.assertState("waiting");
    }

    @Test
    void twoBrowsersRacingForTheSameCitizenOnlyTheNewestCanBeApprovedAndThePhoneSaysItReplacedAnother() {
        Enrollments.Citizen citizen = Enrollments.activated(realm);
        PushLogin first = PushLogin.start(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), citizen.username());
        Challenges.Challenge firstChallenge = citizen.phone().awaitChallenge(WAIT);
        PushLogin second = PushLogin.start(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), citizen.username());
        Challenges.Challenge newest = citizen.phone().awaitChallenge(WAIT);
        assertFalse(newest.id().equals(firstChallenge.id()));
        assertFalse(firstChallenge.replacesPrevious());
        assertTrue(newest.replacesPrevious(), "the phone is told that this request replaced one still waiting");

        DeviceApiProblem stale = assertThrows(DeviceApiProblem.class,
                () -> citizen.phone().approve(firstChallenge, Enrollments.PIN, first.number()));
        assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.CHALLENGE_ANSWERED, stale.type());
        first.check();
        first.assertState("superseded");

        citizen.phone().approve(newest, Enrollments.PIN, second.number());
        assertTrue(second.check().leftKeycloak());
    }

    @Test
    void whenThePushCannotBeSentThePageSaysSoAndTheAppPullsTheChallenge() {
        Enrollments.Citizen citizen = Enrollments.activated(realm);
        PushLogin[] login = new PushLogin[1];
        EnrollmentService.whileDown(() -> {
            login[0] = PushLogin.start(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), citizen.username());
            // The push goes once the challenge is stored (after the commit), from a push thread; its failure reaches
            // the page's script through the status endpoint (a held question is answered the moment it is known),
            // and the page itself from then on.
            String status = login[0].awaitStatus(false).body();
            assertTrue(status.contains("\"push_failed\":true"), status);
            login[0].check();
            login[0].assertState("waiting");
            assertFalse(login[0].document().selectFirst("#idnum-push-not-sent").hasAttr("hidden"), login[0].document().text());
            assertTrue(login[0].document().selectFirst("#idnum-push-sent").hasAttr("hidden"));
            Challenges.Challenge pulled = citizen.phone().awaitChallenge(WAIT);
            citizen.phone().approve(pulled, Enrollments.PIN, login[0].number());
        });
        assertTrue(login[0].check().leftKeycloak());
    }

    @Test
    void anUnansweredChallengeExpires() throws Exception {
        Enrollments.Citizen citizen = Enrollments.activated(realm);
        PushSettings.with(realm, PushSettings.CHALLENGE_LIFETIME, "10", () -> {
            PushLogin login = PushLogin.start(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), citizen.username());
            Challenges.Challenge challenge = citizen.phone().awaitChallenge(WAIT);
            int number = login.number();
            Thread.sleep(11_000);

            login.check();
            login.assertState("expired");
            DeviceApiProblem late = assertThrows(DeviceApiProblem.class,
                    () -> citizen.phone().approve(challenge, Enrollments.PIN, number));
            assertTrue(late.status() == 410 || late.status() == 409, late.getMessage());
            assertTrue(realm.admin().getEvents(List.of("LOGIN_ERROR"), null, citizen.userId(), null, null, null, 0, 100).stream()
                    .anyMatch(e -> PushEvents.EXPIRED_EVENT_ERROR.equals(e.getError())
                            && challenge.id().equals(e.getDetails().get(PushEvents.CHALLENGE_DETAIL))),
                    "the browser's expiry is recorded with the challenge id");
        });
    }

    @Test
    void aPhoneIsNotFloodedWithSignInRequests() throws Exception {
        Enrollments.Citizen citizen = Enrollments.activated(realm);
        PushSettings.with(realm, PushSettings.MAX_CHALLENGES, "2", () -> {
            PushLogin.start(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), citizen.username());
            PushLogin.start(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), citizen.username());

            Browser.Result third = Login.identifier(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), citizen.username());
            assertEquals("too-many-requests", third.page().selectFirst("#idnum-push-outcome").attr("data-state"));
            assertEquals(PushEvents.RATE_LIMITED_EVENT_ERROR, lastEvent(citizen.userId(), "LOGIN_ERROR").getError());
        });
    }

    @Test
    void anIdentifierTypedAgainAndAgainIsLimitedTheSameWayWhetherOrNotItHasAnAccount() {
        Enrollments.Citizen citizen = Enrollments.activated(realm);
        String nobody = "personne-" + java.util.UUID.randomUUID() + "@example.fr";
        for (int i = 0; i < 10; i++) {
            PushLogin.start(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), citizen.username());
            Browser.Result unknown = Login.identifier(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), nobody);
            assertNotNull(unknown.page().selectFirst("#idnum-no-device"), unknown.page().text());
        }

        for (String identifier : List.of(citizen.username(), nobody, nobody.toUpperCase(java.util.Locale.ROOT))) {
            Browser.Result limited = Login.identifier(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), identifier);
            assertEquals("too-many-requests", limited.page().selectFirst("#idnum-push-outcome").attr("data-state"), identifier);
        }
        assertEquals("request limit per identifier", lastEvent(citizen.userId(), "LOGIN_ERROR").getDetails().get("reason"));
    }

    @Test
    void oneSourceCannotUseUpManyCitizensRequests() throws Exception {
        Enrollments.Citizen first = Enrollments.activated(realm);
        Enrollments.Citizen second = Enrollments.activated(realm);
        String source = Browser.randomPrivateAddress();
        PushSettings.with(realm, PushSettings.MAX_CHALLENGES_PER_SOURCE, "2", () -> {
            PushLogin.start(new Browser(source), rp.authorize("openid").acrValues("eidas2").uri(), first.username());
            PushLogin.start(new Browser(source), rp.authorize("openid").acrValues("eidas2").uri(), second.username());

            Browser.Result third = Login.identifier(new Browser(source), rp.authorize("openid").acrValues("eidas2").uri(), second.username());
            assertEquals("too-many-requests", third.page().selectFirst("#idnum-push-outcome").attr("data-state"));
            assertEquals("request limit per source", lastEvent(second.userId(), "LOGIN_ERROR").getDetails().get("reason"));
            // The same citizen from another address (a browser of its own) still gets a request: the refused one used
            // up nothing of theirs.
            PushLogin.start(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), second.username());
        });
    }

    @Test
    void nothingOfThePushGoesWhereARequestsHostHeaderSays() throws Exception {
        Enrollments.Citizen citizen = Enrollments.activated(realm);
        List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer attacker = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        attacker.createContext("/", exchange -> {
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI()
                    + " " + new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        attacker.start();
        try {
            // The push of this sign-in makes Keycloak call the enrollment service with its service client's token, made
            // in-process for the configured issuer: neither the call nor the token follows the request's host.
            String host = "127.0.0.1:" + attacker.getAddress().getPort();
            PushLogin login = PushLogin.start(Browser.claimingHost(host), rp.authorize("openid").acrValues("eidas2").uri(),
                    citizen.username());
            assertTrue(login.document().selectFirst(PushLogin.FORM).attr("action").startsWith("http://" + host + "/"),
                    "Keycloak took the request's host for its own (as behind a proxy that passes it on)");
            assertTrue(login.status().contains("\"push_failed\":false"), "the push went out: " + login.status());
            assertTrue(received.isEmpty(), "nothing reached the host the request named: " + received);
        } finally {
            attacker.stop(0);
        }
    }

    @Test
    void resendingTooSoonSaysSoInsteadOfPushingAgain() {
        Enrollments.Citizen citizen = Enrollments.activated(realm);
        PushLogin login = PushLogin.start(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), citizen.username());

        login.press("resend");
        login.assertState("waiting");
        assertTrue(login.document().text().contains("patientez quelques secondes"), login.document().text());
    }

    @Test
    void anEidas1SessionSteppingUpToEidas2OnlyApprovesOnThePhone() throws Exception {
        Enrollments.Citizen citizen = Enrollments.activated(realm);
        Browser browser = new Browser();
        RelyingParty.AuthorizationAttempt low = rp.authorize("openid").acrValues("eidas1");
        Browser.Result signedIn = Login.withPassword(browser, low.uri(), citizen.username(), Citizens.PASSWORD);
        assertTrue(signedIn.leftKeycloak());

        RelyingParty.AuthorizationAttempt high = rp.authorize("openid").acrValues("eidas2");
        PushLogin login = PushLogin.stepUp(browser, high.uri());
        citizen.phone().approve(citizen.phone().awaitChallenge(WAIT), Enrollments.PIN, login.number());
        assertEquals("eidas2", idToken(high, login.check()).getACR().getValue());
    }

    @Test
    void theStatusEndpointAnswersOnlyTheBrowserThatWaits() throws Exception {
        Enrollments.Citizen citizen = Enrollments.activated(realm);
        PushLogin login = PushLogin.start(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), citizen.username());
        String statusUrl = login.statusUrl().toString();
        assertTrue(statusUrl.startsWith(TestEnvironment.ISSUER + "/idnum/push/status"), statusUrl);

        HttpResponse<String> stranger = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(statusUrl)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, stranger.statusCode());
        assertTrue(stranger.body().contains("\"unknown\""), "a browser without the session learns nothing: " + stranger.body());
    }

    private IDTokenClaimsSet idToken(RelyingParty.AuthorizationAttempt attempt, Browser.Result callback) {
        assertTrue(callback.leftKeycloak(), "expected the way back to the relying party");
        HTTPResponse response = attempt.exchange(callback.redirectParameters().get("code"));
        OIDCTokenResponse tokens = RelyingParty.tokens(response);
        return rp.validateSigned(tokens.getOIDCTokens().getIDToken(), JWSAlgorithm.RS256, attempt.nonce);
    }

    private EventRepresentation lastEvent(String userId, String type) {
        List<EventRepresentation> events = realm.admin().getEvents(List.of(type), null, userId, null, null, null, 0, 100);
        assertFalse(events.isEmpty(), "no " + type + " event for " + userId);
        return events.stream().max(java.util.Comparator.comparingLong(EventRepresentation::getTime)).orElseThrow();
    }
}
