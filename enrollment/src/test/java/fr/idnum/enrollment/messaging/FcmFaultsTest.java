package fr.idnum.enrollment.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import fr.idnum.testsupport.CampaignTally;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, faults: FCM answering 429, 500, UNREGISTERED, or not at all. The real chain that serves Keycloak's push
 * requests — {@link InternalPushResource} over the metered {@link FcmPushSender}, firebase-admin and its HTTP transport
 * — against {@link FcmStub}, with the production timeouts (connect 2 s, read 5 s). What must hold: a hang does not
 * hold the request beyond the documented bound, quota and server errors are retried or given up as documented and
 * reach Keycloak as the status that tells it what to do, a dead token is answered 410 so Keycloak forgets it (the
 * phone then pulls its pending challenge), and the registration token never reaches a log line.
 */
class FcmFaultsTest {

    private static final String TOKEN = "fcm-token:APA91bH-faults_" + "x".repeat(40);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SEND_TIMEOUT = Duration.ofMillis(1500);
    /** How long Keycloak's push step waits for this service (push-timeout of the idnum-enrollment provider). */
    private static final long KEYCLOAK_WAITS_MILLIS = 2000;
    private static final CampaignTally TALLY = new CampaignTally();

    @TempDir
    Path folder;

    private FcmStub stub;
    private FcmPushSender sender;
    private InternalPushResource resource;
    private SimpleMeterRegistry metrics;
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void start() throws Exception {
        java.util.logging.Logger.getLogger("").addHandler(capture);
        stub = new FcmStub();
        sender = FcmPushSender.start(new FcmPushSender.Settings(stub.serviceAccountFile(folder), Optional.empty(),
                CONNECT_TIMEOUT, READ_TIMEOUT, SEND_TIMEOUT), stub.transport(), Clock.systemUTC());
        metrics = new SimpleMeterRegistry();
        resource = new InternalPushResource(MeteredChannels.push(sender, metrics));
    }

    @AfterEach
    void stop() {
        java.util.logging.Logger.getLogger("").removeHandler(capture);
        sender.close();
        stub.close();
        String everything = logged.stream().map(r -> r.getMessage() + " " + java.util.Arrays.toString(r.getParameters())
                + " " + (r.getThrown() == null ? "" : r.getThrown().toString())).reduce("", String::concat);
        boolean leaked = everything.contains(TOKEN) || everything.contains("APA91bH-faults_");
        if (leaked) {
            TALLY.secretsFound(1);
        }
        assertFalse(leaked, "the registration token was logged");
    }

    @AfterAll
    static void writeTotals() {
        TALLY.write(FcmFaultsTest.class);
    }

    private static InternalPushResource.PushRequest push(String challenge) {
        return new InternalPushResource.PushRequest(TOKEN, PushMessage.Platform.ANDROID, challenge, 120);
    }

    /** The push as Keycloak gets it: the status, the problem type, Retry-After; and how long it took. */
    private record Served(int status, String type, String retryAfter, long millis) {
    }

    private Served serve(String challenge) {
        TALLY.cases(1);
        long begin = System.nanoTime();
        int status;
        String type = null;
        String retryAfter = null;
        try {
            status = resource.send(push(challenge)).getStatus();
        } catch (PushNotDeliveredException e) {
            status = e.status();
            type = e.type();
            retryAfter = e.headers().get("Retry-After");
        }
        // The campaign counts the 5xx that are not the documented answer to the fault: here, anything but 503 push-unavailable.
        if (status >= 500 && !(status == 503 && "push-unavailable".equals(type))) {
            TALLY.serverError();
        }
        return new Served(status, type, retryAfter, (System.nanoTime() - begin) / 1_000_000);
    }

    private double counted(String outcome) {
        var timer = metrics.find(MeteredChannels.METER).tag("channel", "push").tag("outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }

    private static void print(String fault, Served served, int attempts) {
        System.out.printf("[faults] FCM %s: answered %d%s after %d ms, %d send attempt(s)%n", fault, served.status(),
                served.type() == null ? "" : " " + served.type(), served.millis(), attempts);
    }

    @Test
    void aHangingFcmIsGivenUpBeforeKeycloakStopsWaitingAndTheNextPushGoesThrough() {
        TALLY.fault();
        stub.hang(Duration.ofSeconds(30));

        Served served = serve("ch_fcm_hangs1");

        print("hanging", served, stub.sendRequests().size());
        assertEquals(new Served(503, "push-unavailable", null, served.millis()), served);
        // Failed before the send timeout: firebase-admin waited its read timeout, 5.2 s, while Keycloak gave up at 2 s.
        assertTrue(served.millis() < KEYCLOAK_WAITS_MILLIS - 200, served.millis() + " ms");
        assertEquals(1, counted("unavailable"));
        assertTrue(logged.stream().anyMatch(r -> String.valueOf(r.getMessage()).contains("not delivered")),
                "the operator's line is there (and the token check after each test reads these lines)");

        Served next = serve("ch_fcm_back_1");
        assertEquals(202, next.status(), "FCM answers again: the next push goes through, not held behind the hung one");
        assertTrue(next.millis() < KEYCLOAK_WAITS_MILLIS, next.millis() + " ms");
    }

    @Test
    void anInternalErrorOfFcmIsGivenUpAtOnceAs503() {
        TALLY.fault();
        stub.answerFcmError(500, "INTERNAL", "INTERNAL", Map.of());

        Served served = serve("ch_fcm_500_once");

        print("500", served, stub.sendRequests().size());
        // firebase-admin retries a 503 only; a 500 reaches Keycloak as 503 at once, and the citizen opens the app.
        assertEquals(new Served(503, "push-unavailable", null, served.millis()), served);
        assertEquals(1, stub.sendRequests().size());
        assertEquals(1, counted("unavailable"));
    }

    @Test
    void anUnavailableFcmIsRetriedByFirebaseAdminWithinTheBound() {
        TALLY.fault();
        stub.answerFcmError(503, "UNAVAILABLE", "UNAVAILABLE", Map.of());

        Served served = serve("ch_fcm_503_once");

        print("503 once", served, stub.sendRequests().size());
        assertEquals(202, served.status());
        assertEquals(2, stub.sendRequests().size(), "retried once, after 0.5 s");
        assertTrue(served.millis() < KEYCLOAK_WAITS_MILLIS - 200, served.millis() + " ms");
        assertEquals(1, counted("delivered"));
    }

    @Test
    void fcmUnavailableUntilTheBoundIsAnswered503SoTheCitizenOpensTheApp() {
        TALLY.fault();
        for (int i = 0; i < 5; i++) {
            stub.answerFcmError(503, "UNAVAILABLE", "UNAVAILABLE", Map.of());
        }

        Served served = serve("ch_fcm_503_all");

        print("503 throughout", served, stub.sendRequests().size());
        assertEquals(new Served(503, "push-unavailable", null, served.millis()), served);
        // Failed before the send timeout: firebase-admin's whole policy (5 tries over 7.5 s) held the request.
        assertTrue(served.millis() < KEYCLOAK_WAITS_MILLIS - 200, served.millis() + " ms");
        assertTrue(stub.sendRequests().size() >= 2, "retried with back-off before giving up");
        assertEquals(1, counted("unavailable"));
    }

    @Test
    void anExhaustedQuotaIsNotRetriedAndKeycloakIsToldWhenToComeBack() {
        TALLY.fault();
        stub.answerFcmError(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED", Map.of("Retry-After", "30"));

        Served served = serve("ch_fcm_quota_1");

        print("429", served, stub.sendRequests().size());
        assertEquals(new Served(429, "push-quota-exceeded", "30", served.millis()), served);
        assertEquals(1, stub.sendRequests().size(), "a 429 is not retried: FCM said when");
        assertEquals(1, counted("quota_exceeded"));
    }

    @Test
    void fcmUnavailableWithALongRetryAfterIsAnsweredAtOnce() {
        TALLY.fault();
        stub.answerFcmError(503, "UNAVAILABLE", "UNAVAILABLE", Map.of("Retry-After", "120"));

        Served served = serve("ch_fcm_503_long");

        print("503 Retry-After 120", served, stub.sendRequests().size());
        assertEquals(new Served(503, "push-unavailable", "120", served.millis()), served);
        assertTrue(served.millis() < KEYCLOAK_WAITS_MILLIS - 200, served.millis() + " ms");
    }

    @Test
    void aTokenFcmNoLongerKnowsIsAnswered410SoKeycloakCanForgetIt() {
        TALLY.fault();
        stub.answerFcmError(404, "NOT_FOUND", "UNREGISTERED", Map.of());

        Served served = serve("ch_fcm_unreg_1");

        print("UNREGISTERED", served, stub.sendRequests().size());
        assertEquals(new Served(410, "push-token-unregistered", null, served.millis()), served);
        assertEquals(1, stub.sendRequests().size(), "not retried");
        assertEquals(1, counted("unregistered_token"));
    }
}
