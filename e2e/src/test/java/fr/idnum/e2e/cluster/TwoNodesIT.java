package fr.idnum.e2e.cluster;

import static fr.idnum.e2e.support.KeycloakCluster.NODE_A;
import static fr.idnum.e2e.support.KeycloakCluster.NODE_B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import fr.idnum.e2e.support.Agent;
import fr.idnum.e2e.support.Browser;
import fr.idnum.e2e.support.Citizens;
import fr.idnum.e2e.support.ClusterFront;
import fr.idnum.e2e.support.ClusterFront.PhoneRoute;
import fr.idnum.e2e.support.Enrollments;
import fr.idnum.e2e.support.KeycloakCluster;
import fr.idnum.e2e.support.Login;
import fr.idnum.e2e.support.PushLogin;
import fr.idnum.e2e.support.PushSettings;
import fr.idnum.e2e.support.RelyingParty;
import fr.idnum.protocol.Challenges;
import fr.idnum.protocol.DeviceApi;
import fr.idnum.protocol.DeviceProblems;
import fr.idnum.simulator.PhoneApp;
import fr.idnum.simulator.device.DeviceApiProblem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Two Keycloak nodes on one database, clustered the Keycloak 26 way (embedded Infinispan, jdbc-ping), behind a front
 * without sticky sessions ({@link KeycloakCluster}), and two enrollment-service instances on one database: what a
 * sign-in and its guards need from the cluster holds when the browser and the phone reach different nodes, and when a
 * node dies. The node killed last: the tests run in order on one cluster.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodesIT {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String WRONG_PIN = "1397";

    private static KeycloakCluster cluster;
    private static ManagedRealm realm;
    private static ClusterFront front;
    /** Citizens made by the tests, whose enrollments the outbox test suspends and reinstates. */
    private static final List<Enrollments.Citizen> CITIZENS = new ArrayList<>();

    private final RelyingParty rp = RelyingParty.monCompteFormation();

    @BeforeAll
    static void cluster() {
        cluster = KeycloakCluster.get();
        realm = cluster.realm();
        front = cluster.front();
        front.browserOn(NODE_A);
        front.phone(PhoneRoute.OTHER_NODE);
    }

    @Test
    @Order(1)
    void aChallengeCreatedOnOneNodeIsApprovedThroughTheOtherWhileTheBrowserWaitsOnTheFirst() throws Exception {
        Enrollments.Citizen citizen = activated();
        List<String> latencies = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            int browserNode = round % 2 == 0 ? NODE_A : NODE_B;
            front.browserOn(browserNode);
            front.phone(PhoneRoute.OTHER_NODE);
            int servedByPhoneNode = front.deviceRequestsServedBy(1 - browserNode);
            int servedByBrowserNode = front.deviceRequestsServedBy(browserNode);

            Browser browser = new Browser();
            RelyingParty.AuthorizationAttempt attempt = rp.authorize("openid").acrValues("eidas2");
            PushLogin login = PushLogin.start(browser, attempt.uri(), citizen.username());
            Challenges.Challenge challenge = citizen.phone().awaitChallenge(WAIT);
            AtomicLong arrived = new AtomicLong();
            CompletableFuture<HttpResponse<String>> held = browser.fetchAsync(login.waitUrl(false))
                    .whenComplete((answer, failure) -> arrived.set(System.nanoTime()));
            awaitHeldOn(browserNode);
            assertFalse(held.isDone(), "the status request is held while the phone has not answered");

            long sent = System.nanoTime();
            citizen.phone().approve(challenge, Enrollments.PIN, login.number());
            long answered = System.nanoTime();
            HttpResponse<String> news = held.get(KeycloakCluster.STATUS_HOLD_SECONDS + 10, TimeUnit.SECONDS);

            assertEquals(200, news.statusCode(), news.body());
            assertFalse(news.body().contains("\"pending\""),
                    "the held request on the browser's node learnt the approval given through the other node, before its hold"
                            + " ended (" + KeycloakCluster.STATUS_HOLD_SECONDS + " s): " + news.body());
            assertTrue(front.deviceRequestsServedBy(1 - browserNode) > servedByPhoneNode, "the phone spoke to the other node");
            assertEquals(servedByBrowserNode, front.deviceRequestsServedBy(browserNode), "and never to the browser's");
            IDTokenClaimsSet id = idToken(attempt, login.check());
            assertEquals("eidas2", id.getACR().getValue());
            latencies.add(String.format("%d/%d", TimeUnit.NANOSECONDS.toMillis(arrived.get() - sent),
                    TimeUnit.NANOSECONDS.toMillis(answered - sent)));
        }
        System.out.printf("[cluster] approval sent through one node -> held page on the other has it / phone has its answer:"
                + " %s ms (rounds: browser on A, on B, on A, on B)%n", latencies);
    }

    @Test
    @Order(2)
    void wrongCodesThroughEitherNodeCountAgainstTheSamePhone() {
        Enrollments.Citizen citizen = activated();
        front.browserOn(NODE_A);
        PushLogin login = PushLogin.start(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), citizen.username());
        Challenges.Challenge challenge = citizen.phone().awaitChallenge(WAIT);

        front.phone(PhoneRoute.OTHER_NODE);
        DeviceApiProblem first = assertThrows(DeviceApiProblem.class, () -> citizen.phone().approve(challenge, WRONG_PIN, login.number()));
        assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.WRONG_PIN, first.type());
        assertEquals(2, first.attemptsLeft().orElseThrow(), "through B");
        front.phone(PhoneRoute.BROWSER_NODE);
        DeviceApiProblem second = assertThrows(DeviceApiProblem.class, () -> citizen.phone().approve(challenge, WRONG_PIN, login.number()));
        assertEquals(1, second.attemptsLeft().orElseThrow(), "through A, B's failure counted");
        front.phone(PhoneRoute.OTHER_NODE);
        DeviceApiProblem third = assertThrows(DeviceApiProblem.class, () -> citizen.phone().approve(challenge, WRONG_PIN, login.number()));
        assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.DEVICE_LOCKED, third.type(), "through B, the third locks");

        front.phone(PhoneRoute.BROWSER_NODE);
        DeviceApiProblem rightButLocked = assertThrows(DeviceApiProblem.class,
                () -> citizen.phone().approve(challenge, Enrollments.PIN, login.number()));
        assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.DEVICE_LOCKED, rightButLocked.type(), "A knows the lock B set");
        login.check();
        login.assertState("locked");
    }

    @Test
    @Order(3)
    void wrongCodesSentAtOnceToBothNodesStillLockThePhoneAtTheLimit() throws Exception {
        Enrollments.Citizen citizen = activated();
        front.browserOn(NODE_A);
        PushLogin login = PushLogin.start(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), citizen.username());
        Challenges.Challenge challenge = citizen.phone().awaitChallenge(WAIT);

        front.phone(PhoneRoute.ALTERNATE);
        int[] before = {front.deviceRequestsServedBy(NODE_A), front.deviceRequestsServedBy(NODE_B)};
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<String>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                String wrong = String.format("%04d", 1397 + 11 * i);
                answers.add(pool.submit(() -> {
                    try {
                        citizen.phone().approve(challenge, wrong, login.number());
                        return "approved";
                    } catch (DeviceApiProblem refused) {
                        return refused.type() == null ? "http-" + refused.status() : refused.type().substring(DeviceProblems.TYPE_BASE.length());
                    }
                }));
            }
            List<String> outcomes = new ArrayList<>();
            for (Future<String> answer : answers) {
                outcomes.add(answer.get(60, TimeUnit.SECONDS));
            }
            System.out.printf("[cluster] ten wrong codes at once, served by A: %d, B: %d -> %s%n",
                    front.deviceRequestsServedBy(NODE_A) - before[0], front.deviceRequestsServedBy(NODE_B) - before[1], outcomes);
            assertTrue(front.deviceRequestsServedBy(NODE_A) > before[0] && front.deviceRequestsServedBy(NODE_B) > before[1],
                    "both nodes judged some");
            assertTrue(outcomes.stream().noneMatch(o -> o.equals("approved") || o.startsWith("http-")), outcomes.toString());
            assertTrue(outcomes.stream().filter(DeviceProblems.WRONG_PIN::equals).count() <= 2,
                    "at most two wrong codes are told 'try again' whichever node judged them, the third locks: " + outcomes);
        } finally {
            pool.shutdownNow();
        }
        front.phone(PhoneRoute.OTHER_NODE);
        DeviceApiProblem rightButLocked = assertThrows(DeviceApiProblem.class,
                () -> citizen.phone().approve(challenge, Enrollments.PIN, login.number()));
        assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.DEVICE_LOCKED, rightButLocked.type());
    }

    @Test
    @Order(4)
    void passwordFailuresOnEitherNodeCountTowardsOneBruteForceLock() throws InterruptedException {
        String username = Citizens.create(realm, Map.of());
        String userId = realm.admin().users().search(username, true).get(0).getId();
        var settings = realm.admin().toRepresentation();
        int failureFactor = settings.getFailureFactor();
        // Failures closer than this lock at once (Keycloak's quick-login check, which the cluster shares too): spaced
        // out, they are counted one by one up to the failure factor.
        long quickLogin = settings.getQuickLoginCheckMilliSeconds();
        for (int i = 0; i < failureFactor; i++) {
            if (i > 0) {
                Thread.sleep(quickLogin + 200);
            }
            front.browserOn(i % 2 == 0 ? NODE_A : NODE_B);
            Browser.Result refused = Login.withPassword(new Browser(), rp.authorize("openid").acrValues("eidas1").uri(), username,
                    "Pas-Le-Bon-Mot-2026");
            assertFalse(refused.leftKeycloak(), "a wrong password signs nobody in");
        }
        for (int node : new int[] {NODE_A, NODE_B}) {
            front.browserOn(node);
            Map<String, Object> status = realm.admin().attackDetection().bruteForceUserStatus(userId);
            assertEquals(failureFactor, ((Number) status.get("numFailures")).intValue(), "node " + node + " counts all: " + status);
            assertEquals(Boolean.TRUE, status.get("disabled"), "node " + node + " sees the lock: " + status);
            Browser browser = new Browser();
            Browser.Result right = Login.identifier(browser, rp.authorize("openid").acrValues("eidas1").uri(), username);
            if (!right.leftKeycloak() && right.page().selectFirst("input[name=password]") != null) {
                right = browser.submit(right.page(), Login.LOGIN_FORM, Map.of("password", Citizens.PASSWORD));
            }
            assertFalse(right.leftKeycloak(), "even the right password is refused on node " + node + " while the lock holds");
        }
    }

    @Test
    @Order(5)
    void aDeviceRequestAcceptedByOneNodeIsRefusedAsAReplayByTheOther() {
        Enrollments.Citizen citizen = activated();
        front.browserOn(NODE_A);
        front.phone(PhoneRoute.BROWSER_NODE);
        PushLogin login = PushLogin.start(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), citizen.username());
        Challenges.Challenge challenge = citizen.phone().awaitChallenge(WAIT);
        ClusterFront.Recorded fetch = front.lastDeviceRequest(DeviceApi.PENDING_CHALLENGE);
        citizen.phone().approve(challenge, Enrollments.PIN, login.number());
        ClusterFront.Recorded approval = front.lastDeviceRequest(DeviceApi.CHALLENGE_ANSWER);

        for (ClusterFront.Recorded accepted : List.of(fetch, approval)) {
            HttpResponse<String> replayed = front.replay(accepted, NODE_B);
            assertEquals(400, replayed.statusCode(), accepted.path() + ": " + replayed.body());
            assertTrue(replayed.body().contains(DeviceProblems.TYPE_BASE + DeviceProblems.REPLAYED_REQUEST),
                    "refused as a replay by the node that never saw it: " + replayed.body());
        }
        assertTrue(login.check().leftKeycloak(), "the sign-in itself goes on");
    }

    @Test
    @Order(6)
    void thePushRequestLimitCountsSignInsStartedOnEitherNode() throws Exception {
        Enrollments.Citizen citizen = activated();
        PushSettings.with(realm, PushSettings.MAX_CHALLENGES, "3", () -> {
            for (int node : new int[] {NODE_A, NODE_B, NODE_A}) {
                front.browserOn(node);
                PushLogin.start(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), citizen.username());
            }
            for (int node : new int[] {NODE_B, NODE_A}) {
                front.browserOn(node);
                Browser.Result limited = Login.identifier(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), citizen.username());
                assertEquals("too-many-requests", limited.page().selectFirst("#idnum-push-outcome").attr("data-state"),
                        "node " + node + ": " + limited.page().text());
            }
        });
    }

    @Test
    @Order(7)
    void theOutboxDeliversEachChangeOnceWithTwoDispatchers() throws Exception {
        front.browserOn(NODE_A);
        front.phone(PhoneRoute.OTHER_NODE);
        Agent operator = Agent.signedIn(realm, "enrollment-admin");
        double[] before = {deliveredBy(cluster.enrollment(NODE_A)), deliveredBy(cluster.enrollment(NODE_B))};
        int changes = 0;
        // Waves of changes, each delivered before the next is made, a little apart so that the two dispatchers (each
        // every second) meet them in different phases: each wave goes to whichever looks first, or to both.
        java.util.Random random = new java.util.Random();
        for (String action : List.of("suspend", "reinstate", "suspend", "reinstate")) {
            for (Enrollments.Citizen citizen : CITIZENS) {
                HttpResponse<String> changed = action.equals("suspend") ? operator.suspend(citizen.enrollmentId(), "contrôle")
                        : operator.reinstate(citizen.enrollmentId(), "levée");
                assertEquals(200, changed.statusCode(), changed.body());
                changes++;
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (delivered() - before[0] - before[1] < changes && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            Thread.sleep(random.nextInt(1000));
        }
        Thread.sleep(3000); // three more rounds of both dispatchers: a second delivery would show now
        double[] each = {deliveredBy(cluster.enrollment(NODE_A)) - before[0], deliveredBy(cluster.enrollment(NODE_B)) - before[1]};
        System.out.printf("[cluster] outbox: %d changes, delivered by instance 1: %.0f, instance 2: %.0f%n", changes, each[0], each[1]);
        assertEquals(changes, each[0] + each[1], 0.0, "each change delivered exactly once by the two dispatchers together");
        for (Enrollments.Citizen citizen : CITIZENS) {
            List<String> status = realm.admin().users().get(citizen.userId()).toRepresentation().getAttributes()
                    .getOrDefault(fr.idnum.protocol.enrollment.EnrollmentStatus.ATTRIBUTE, List.of());
            assertEquals(List.of("ACTIVE"), status, "the last change won, in order");
        }
    }

    @Test
    @Order(8)
    void aSignInWhoseNodeDiesMidChallengeFinishesOnTheOther() throws Exception {
        Enrollments.Citizen citizen = activated();
        Enrollments.Citizen unanswered = activated();
        front.browserOn(NODE_A);
        front.phone(PhoneRoute.OTHER_NODE);
        PushLogin waiting = PushLogin.start(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), unanswered.username());
        Browser browser = new Browser();
        RelyingParty.AuthorizationAttempt attempt = rp.authorize("openid").acrValues("eidas2");
        PushLogin login = PushLogin.start(browser, attempt.uri(), citizen.username());
        Challenges.Challenge challenge = citizen.phone().awaitChallenge(WAIT);
        CompletableFuture<HttpResponse<String>> held = browser.fetchAsync(login.waitUrl(false));
        awaitHeldOn(NODE_A);

        int errorsBefore = front.serverErrors().size();
        long killed = System.nanoTime();
        cluster.kill(NODE_A);
        citizen.phone().approve(challenge, Enrollments.PIN, login.number());
        HttpResponse<String> news = held.get(KeycloakCluster.STATUS_HOLD_SECONDS + 30, TimeUnit.SECONDS);
        long learnt = System.nanoTime();
        assertEquals(200, news.statusCode(), "the page's held request, cut with its node, is answered by the other: " + news.body());
        assertFalse(news.body().contains("\"pending\""), news.body());
        Browser.Result back = login.check();
        IDTokenClaimsSet id = idToken(attempt, back);
        assertEquals("eidas2", id.getACR().getValue());

        // A sign-in of that node whose phone has not answered yet lives on too: its page still waits (it will end
        // with the phone's answer or the challenge's expiry), and the phone can still fetch its challenge.
        assertTrue(waiting.status().contains("\"pending\""), waiting.status());
        waiting.check();
        waiting.assertState("waiting");
        assertTrue(unanswered.phone().pendingChallenge().isPresent(), "the other node still hands the phone its challenge");

        List<String> errors = front.serverErrors();
        assertEquals(List.of(), errors.subList(errorsBefore, errors.size()), "no request of either sign-in got a 5xx");
        System.out.printf("[cluster] node A killed mid-challenge: approved through B, the page learnt it %d ms after the kill,"
                + " signed in through B%n", TimeUnit.NANOSECONDS.toMillis(learnt - killed));
    }

    @Test
    @Order(9)
    void aSignInWhoseOnlyNodeRestartsMidChallengeEndsOnACleanPageAndTheNextOneSucceeds() throws Exception {
        // Node A is down since the test before: node B alone is a one-node deployment. Restarting it loses what only its
        // memory held — the sign-in's session and its challenge (Keycloak keeps them in Infinispan, not in the database).
        if (cluster.node(NODE_A).alive()) {
            cluster.kill(NODE_A);
        }
        Enrollments.Citizen citizen = activated();
        PushLogin login = PushLogin.start(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), citizen.username());
        Challenges.Challenge challenge = citizen.phone().awaitChallenge(WAIT);
        int errorsBefore = front.serverErrors().size();

        Duration restart = cluster.restart(NODE_B);

        // The phone answers a challenge no node knows any more: a clear refusal, nothing signed in.
        DeviceApiProblem gone = assertThrows(DeviceApiProblem.class,
                () -> citizen.phone().approve(challenge, Enrollments.PIN, login.number()));
        assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.UNKNOWN_CHALLENGE, gone.type(), gone.getMessage());
        // The waiting page: its status says the sign-in is unknown, and "J'ai validé" lands on a page of the realm
        // (Keycloak starts the sign-in again from its restart cookie), never a stuck wait or an error page.
        assertTrue(login.status().contains("\"unknown\""), login.status());
        Browser.Result after = login.check();
        assertTrue(after.status() < 500, "HTTP " + after.status());
        assertFalse(after.leftKeycloak(), "nobody is signed in by a lost challenge");
        // A new sign-in of the same citizen works at once.
        RelyingParty.AuthorizationAttempt attempt = rp.authorize("openid").acrValues("eidas2");
        PushLogin again = PushLogin.start(new Browser(), attempt.uri(), citizen.username());
        citizen.phone().approve(citizen.phone().awaitChallenge(WAIT), Enrollments.PIN, again.number());
        assertEquals("eidas2", idToken(attempt, again.check()).getACR().getValue());

        List<String> errors = front.serverErrors();
        assertEquals(List.of(), errors.subList(errorsBefore, errors.size()), "no request got a 5xx");
        System.out.printf("[cluster] the only node restarted mid-challenge in %d s: the phone was told the challenge is "
                + "unknown, the page started again (HTTP %d), the next sign-in succeeded%n", restart.toSeconds(), after.status());
    }

    @Test
    @Order(10)
    void aPushTokenChangeReplayedAfterTheWholeClusterRestartedIsRefusedByTheDatabaseAndTheExpiredIdIsPurged() throws Exception {
        // Node A is down since test 8: node B alone is the whole cluster, and restarting it forgets every jti the
        // single-use store held. The captured request is signed by a phone whose clock is 9 s ahead, within the
        // tolerated skew: the longest life a request can have (iat + 60 s + 10 s from the moment it is sent).
        if (cluster.node(NODE_A).alive()) {
            cluster.kill(NODE_A);
        }
        Enrollments.Citizen citizen = activated();
        String credentialId = citizen.phone().credentialId();
        PhoneApp ahead = PhoneApp.restore(citizen.phone().state(), null, Clock.offset(Clock.systemUTC(), Duration.ofSeconds(9)));
        ahead.updatePushToken("fcm-captured-" + System.nanoTime(), Enrollments.PIN);
        long capturedAt = System.nanoTime();
        ClusterFront.Recorded captured = front.lastDeviceRequest(DeviceApi.PUSH_TOKEN);
        JWTClaimsSet claims = SignedJWT.parse(new String(captured.body(), StandardCharsets.US_ASCII).strip()).getJWTClaimsSet();
        Duration window = Duration.between(Instant.now(), claims.getExpirationTime().toInstant().plusSeconds(DeviceApi.CLOCK_SKEW_SECONDS));
        assertEquals(List.of(claims.getExpirationTime().toInstant().plusSeconds(DeviceApi.CLOCK_SKEW_SECONDS).toEpochMilli()),
                usedIdExpiries(credentialId, claims.getJWTID()), "the accepted request's jti is in the database until it could no longer be accepted");
        // The citizen's own next change, which the replay would undo.
        String current = "fcm-current-" + System.nanoTime();
        citizen.phone().updatePushToken(current, Enrollments.PIN);
        int errorsBefore = front.serverErrors().size();

        Duration restart = cluster.restart(NODE_B);

        Duration elapsed = Duration.ofNanos(System.nanoTime() - capturedAt);
        assertTrue(elapsed.compareTo(window) < 0, "the restart (" + restart.toSeconds() + " s) must end within the captured request's"
                + " life (" + window.toSeconds() + " s) for this test to prove anything; it took " + elapsed.toSeconds() + " s");
        HttpResponse<String> replayed = front.replay(captured, NODE_B);
        assertEquals(400, replayed.statusCode(), replayed.body());
        assertTrue(replayed.body().contains(DeviceProblems.TYPE_BASE + DeviceProblems.REPLAYED_REQUEST),
                "refused as a replay though no node's memory knew it: " + replayed.body());
        assertTrue(replayed.headers().firstValue("Content-Type").orElse("").startsWith(DeviceApi.PROBLEM_MEDIA_TYPE), "the usual problem");
        assertTrue(storedCredential(credentialId).contains(current), "the push token is still the citizen's latest, the replay changed nothing");

        // A new request of the same phone is accepted by the restarted cluster.
        String after = "fcm-after-restart-" + System.nanoTime();
        citizen.phone().updatePushToken(after, Enrollments.PIN);
        assertTrue(storedCredential(credentialId).contains(after));
        assertEquals(List.of(), front.serverErrors().subList(errorsBefore, front.serverErrors().size()), "no 5xx");

        // Once the captured request could no longer be accepted, its row goes at the next purge; the newer ones stay
        // until theirs.
        long deadline = System.nanoTime() + window.plusSeconds(4L * KeycloakCluster.PURGE_INTERVAL_SECONDS).toNanos();
        while (!usedIdExpiries(credentialId, claims.getJWTID()).isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the expired jti was never purged");
            Thread.sleep(500);
        }
        List<Long> left = usedIdExpiries(credentialId, null);
        long now = System.currentTimeMillis();
        assertTrue(left.size() >= 1 && left.stream().allMatch(expiry -> expiry > now - 2000L * KeycloakCluster.PURGE_INTERVAL_SECONDS),
                "only the ids still in their window are kept: " + left + " at " + now);
        System.out.printf("[cluster] the only node restarted in %d s; the push-token change captured %d s before the replay"
                + " (its life then: %d s) was refused from the database; its expired id was purged, %d newer kept%n",
                restart.toSeconds(), elapsed.toSeconds(), window.toSeconds(), left.size());
    }

    /** The expiries (epoch ms) of the used ids the database holds for this phone: all of them, or those of {@code jti}. */
    private static List<Long> usedIdExpiries(String credentialId, String jti) throws SQLException {
        String sql = "select expires_at from idnum_used_device_request where scope = ?" + (jti == null ? "" : " and jti = ?");
        try (Connection db = cluster.database(); PreparedStatement query = db.prepareStatement(sql)) {
            query.setString(1, credentialId);
            if (jti != null) {
                query.setString(2, jti);
            }
            List<Long> expiries = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    expiries.add(rows.getLong(1));
                }
            }
            return expiries;
        }
    }

    /** The phone's credential as Keycloak stored it (its data holds the push token). */
    private static String storedCredential(String credentialId) throws SQLException {
        try (Connection db = cluster.database();
             PreparedStatement query = db.prepareStatement("select credential_data from credential where id = ?")) {
            query.setString(1, credentialId);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next(), "the phone's credential is stored");
                return row.getString(1);
            }
        }
    }

    /** Waits until the page's status request sits at node {@code index} (the front has sent it, no answer yet). */
    private static void awaitHeldOn(int index) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (front.inFlight(index) == 0) {
            assertTrue(System.nanoTime() < deadline, "the page's status request never reached node " + index);
            Thread.sleep(20);
        }
        Thread.sleep(100); // from the front to the node's resource, which parks it
    }

    private Enrollments.Citizen activated() {
        front.browserOn(NODE_A);
        front.phone(PhoneRoute.OTHER_NODE);
        Enrollments.Citizen citizen = Enrollments.activated(realm);
        CITIZENS.add(citizen);
        return citizen;
    }

    private IDTokenClaimsSet idToken(RelyingParty.AuthorizationAttempt attempt, Browser.Result callback) {
        assertTrue(callback.leftKeycloak(), "expected the way back to the relying party (HTTP " + callback.status() + ")");
        HTTPResponse response = attempt.exchange(callback.redirectParameters().get("code"));
        return rp.validateSigned(RelyingParty.tokens(response).getOIDCTokens().getIDToken(), JWSAlgorithm.RS256, attempt.nonce);
    }

    private static double delivered() throws Exception {
        return deliveredBy(cluster.enrollment(NODE_A)) + deliveredBy(cluster.enrollment(NODE_B));
    }

    /** Outbox rows this instance handled (sent to Keycloak, or found to need nothing), from its Prometheus metrics. */
    private static double deliveredBy(fr.idnum.e2e.support.EnrollmentService service) throws Exception {
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(service.managementUrl() + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        return metrics.body().lines()
                .filter(line -> line.startsWith("idnum_keycloak_propagations_total{")
                        && (line.contains("outcome=\"delivered\"") || line.contains("outcome=\"skipped\"")))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
