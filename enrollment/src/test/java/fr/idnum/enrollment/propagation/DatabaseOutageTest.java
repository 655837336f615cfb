package fr.idnum.enrollment.propagation;

import static fr.idnum.enrollment.propagation.KeycloakStub.stub;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import fr.idnum.enrollment.enrollment.AuditEvent;
import fr.idnum.enrollment.enrollment.Enrollment;
import fr.idnum.enrollment.enrollment.EnrollmentState;
import fr.idnum.enrollment.messaging.RecordingSmsGateway;
import fr.idnum.enrollment.problem.Problem;
import fr.idnum.enrollment.support.Identities;
import fr.idnum.enrollment.support.Journeys;
import fr.idnum.enrollment.support.SignedTokens;
import fr.idnum.enrollment.support.TcpProxy;
import fr.idnum.enrollment.support.TestClock;
import fr.idnum.testsupport.CampaignTally;
import fr.idnum.testsupport.TestPostgres;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, faults: the enrollment service's PostgreSQL goes away under traffic and comes back. The machine's
 * PostgreSQL is shared with other tests, so it is not stopped: the service reaches its own database through a
 * {@link TcpProxy} that this test cuts (every connection closed, new ones refused) and restores.
 *
 * <p>Citizens start enrollments and check their phones, and an administrator suspends and reinstates enrollments,
 * all at once through the REST API with real signed tokens, before, during and after the cut. What must hold: every
 * request during the outage is a 503 problem with {@code Retry-After} (never a 500, no stack trace or SQL in the log),
 * every change a caller was told about is in the database exactly once, what was refused succeeds when retried, the
 * Keycloak outbox delivers each row once after the restore, and the service answers again soon after the restore.
 */
@QuarkusTest
// Before the default-profile tests, as the other profiles: SecretsNotLoggedTest (last) reads the SMS recorded by the
// application that ran all of those (this class searches its own codes itself, below).
@Order(5)
@TestProfile(DatabaseOutageTest.Outage.class)
class DatabaseOutageTest {

    private static final Duration OUTAGE = Duration.ofSeconds(4);
    /** The service must answer 2xx again within this time after the database is back. */
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(10);
    private static final String ADMIN = "admin-outage";
    private static final Path LOG = Path.of("target", "enrollment-test.log");
    private static final CampaignTally TALLY = new CampaignTally();

    /** A profile of its own: the service's datasource points at the proxy, and it trusts {@link SignedTokens}. */
    public static class Outage implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return SignedTokens.config();
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ProxiedPostgres.class));
        }
    }

    /** A database of this class's own on the tests' PostgreSQL, reached through a {@link TcpProxy}. */
    public static class ProxiedPostgres implements QuarkusTestResourceLifecycleManager {

        static final String DATABASE = "idnum_enrollment_faultsenr_" + ProcessHandle.current().pid();
        static volatile TcpProxy proxy;

        @Override
        public Map<String, String> start() {
            admin("drop database if exists " + DATABASE + " with (force)", "create database " + DATABASE);
            java.net.URI server = java.net.URI.create(TestPostgres.server().substring("jdbc:".length()));
            proxy = new TcpProxy(server.getHost(), server.getPort());
            return Map.of(
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + DATABASE,
                    "quarkus.datasource.username", TestPostgres.USER,
                    "quarkus.datasource.password", "");
        }

        /** After the global test database's resource, so this URL is the one the service gets. */
        @Override
        public int order() {
            return 1000;
        }

        @Override
        public void stop() {
            if (proxy != null) {
                proxy.close();
            }
            admin("drop database if exists " + DATABASE + " with (force)");
        }

        private static void admin(String... statements) {
            try (Connection admin = DriverManager.getConnection(TestPostgres.server() + "postgres", TestPostgres.USER, "");
                 Statement sql = admin.createStatement()) {
                for (String statement : statements) {
                    sql.execute(statement);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot prepare " + DATABASE + ": " + e.getMessage(), e);
            }
        }
    }

    /** One answer of the service, when it came (ms since the traffic began). */
    record Answer(String operation, String subject, long sentMillis, long atMillis, int status, String contentType, String type, String retryAfter) {
    }

    @Inject
    Journeys journeys;
    @Inject
    RecordingSmsGateway sms;
    @Inject
    KeycloakPropagation propagation;
    @Inject
    TestClock clock;

    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    private volatile long begin;
    private volatile long cutAt = Long.MAX_VALUE;
    private volatile long restoredAt = Long.MAX_VALUE;

    @AfterAll
    static void writeTotals() {
        TALLY.write(DatabaseOutageTest.class);
    }

    @Test
    void aDatabaseOutageUnderTrafficIsA503ThatLosesAndDuplicatesNothing() throws Exception {
        assertTrue(ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class)
                .contains(":" + ProxiedPostgres.proxy.port() + "/"), "the service reaches PostgreSQL through the proxy");
        long logFrom = Files.exists(LOG) ? Files.size(LOG) : 0;

        // Before the traffic: enrollments an administrator will suspend and reinstate (users Keycloak knows), and
        // citizens waiting to type their SMS code.
        List<UUID> actives = new ArrayList<>();
        Map<UUID, String> subjectOf = new HashMap<>();
        for (int i = 0; i < 4; i++) {
            String subject = "outage-active-" + i + "-" + UUID.randomUUID();
            stub().addUser(subject, Map.of("given_names", "Jean-Pierre Louis", "birth_family_name", "OUTAGE"));
            UUID id = journeys.active(subject, "OUTAGE", String.format("7700%04d", i)).enrollmentId();
            actives.add(id);
            subjectOf.put(id, subject);
        }
        propagation.dispatchDue();
        ConcurrentLinkedQueue<String[]> drafts = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < 24; i++) {
            String subject = "outage-draft-" + i + "-" + UUID.randomUUID();
            String mobile = String.format("0771%06d", i);
            assertEquals(201, start(subject, mobile).statusCode());
            drafts.add(new String[] {subject, codeSentTo(mobile)});
        }

        // The traffic: 3 starters, 3 phone checkers, one administrator per active enrollment, for 12 s; the database
        // is cut from 3 s to 3 s + OUTAGE.
        List<String> started = Collections.synchronizedList(new ArrayList<>());
        List<String> verified = Collections.synchronizedList(new ArrayList<>());
        Map<UUID, AtomicInteger> transitions = new HashMap<>();
        actives.forEach(id -> transitions.put(id, new AtomicInteger()));
        AtomicInteger inDoubt = new AtomicInteger();
        long trafficEnd = 12_000;
        ExecutorService pool = Executors.newFixedThreadPool(3 + 3 + actives.size());
        List<Future<?>> workers = new ArrayList<>();
        begin = System.nanoTime();
        AtomicInteger next = new AtomicInteger();
        for (int w = 0; w < 3; w++) {
            workers.add(pool.submit(() -> {
                while (elapsed() < trafficEnd) {
                    int n = next.getAndIncrement();
                    String subject = "outage-start-" + n + "-" + UUID.randomUUID();
                    String outcome = untilAnswered("start", subject, () -> start(subject, String.format("0772%06d", n)), 201, "enrollment-exists");
                    if (outcome.equals("in-doubt")) {
                        inDoubt.incrementAndGet();
                    }
                    started.add(subject);
                    pause(100);
                }
                return null;
            }));
        }
        for (int w = 0; w < 3; w++) {
            workers.add(pool.submit(() -> {
                String[] draft;
                while (elapsed() < trafficEnd && (draft = drafts.poll()) != null) {
                    String subject = draft[0];
                    String code = draft[1];
                    String outcome = untilAnswered("verify", subject, () -> given().auth().oauth2(SignedTokens.citizen(subject))
                            .contentType(ContentType.JSON).body(Map.of("code", code))
                            .post("/api/v1/enrollments/current/phone-verification"), 204, "phone-already-verified");
                    if (outcome.equals("in-doubt")) {
                        inDoubt.incrementAndGet();
                    }
                    verified.add(subject);
                    pause(350);
                }
                return null;
            }));
        }
        for (UUID id : actives) {
            workers.add(pool.submit(() -> {
                boolean suspended = false;
                while (elapsed() < trafficEnd) {
                    String action = suspended ? "reinstate" : "suspend";
                    String outcome = untilAnswered(action, subjectOf.get(id), () -> given().auth().oauth2(SignedTokens.administrator(ADMIN))
                            .contentType(ContentType.JSON).body(Map.of("reason", "outage drill"))
                            .post("/api/v1/admin/enrollments/" + id + "/" + action), 200, "illegal-transition");
                    if (outcome.equals("in-doubt")) {
                        inDoubt.incrementAndGet();
                    }
                    transitions.get(id).incrementAndGet();
                    suspended = !suspended;
                    pause(150);
                }
                return null;
            }));
        }

        pause(3_000);
        ProblemsDuringTheOutage outageChecks = cutTheDatabase();
        for (Future<?> worker : workers) {
            worker.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        List<Answer> all = new ArrayList<>(answers);

        // Each request's send and answer times (ms since the traffic began), for whoever wants to see the outage.
        Files.write(Path.of("target", "database-outage-timeline.txt"), all.stream()
                .sorted(java.util.Comparator.comparingLong(Answer::sentMillis))
                .map(a -> a.sentMillis() + " -> " + a.atMillis() + " " + a.operation() + " " + a.status()).toList());
        // Every answer was a success, the documented 503, or (a retry of a change whose first answer was a 503) the
        // sign that the change had been made after all. Nothing else: no 500, no other 5xx.
        TALLY.cases(all.size());
        TALLY.fault();
        List<Answer> unavailable = all.stream().filter(a -> a.status() == 503).toList();
        List<Answer> unexpected = all.stream().filter(a -> a.status() >= 500 && a.status() != 503).toList();
        unexpected.forEach(answer -> TALLY.serverError());
        assertEquals(List.of(), unexpected, "no server error but the documented 503");
        assertFalse(unavailable.isEmpty(), "the cut was felt");
        for (Answer a : unavailable) {
            assertEquals(Problem.MEDIA_TYPE, a.contentType(), a.toString());
            assertEquals(Problem.TYPE_BASE + "service-unavailable", a.type(), a.toString());
            assertEquals("5", a.retryAfter(), a.toString());
        }
        long lastUnavailable = unavailable.stream().mapToLong(Answer::atMillis).max().orElseThrow();
        long firstSuccessAfterRestore = all.stream().filter(a -> a.status() < 300 && a.atMillis() >= restoredAt)
                .mapToLong(Answer::atMillis).min().orElseThrow();
        long recovery = Math.max(0, lastUnavailable - restoredAt);
        long slowest503 = unavailable.stream().mapToLong(a -> a.atMillis() - a.sentMillis()).max().orElseThrow();
        System.out.printf("[faults] database cut %d ms: %d requests, %d answered 503 (first %d ms after the cut, last %d ms"
                        + " after the restore, the slowest in %d ms); first 2xx %d ms after the restore; %d retried changes had"
                        + " been made after all%n",
                restoredAt - cutAt, all.size(), unavailable.size(),
                unavailable.stream().mapToLong(Answer::atMillis).min().orElseThrow() - cutAt, recovery, slowest503,
                firstSuccessAfterRestore - restoredAt, inDoubt.get());
        assertTrue(firstSuccessAfterRestore - restoredAt <= RECOVERY_BOUND.toMillis(),
                "2xx again " + (firstSuccessAfterRestore - restoredAt) + " ms after the restore");
        assertTrue(recovery <= RECOVERY_BOUND.toMillis(), "no 503 later than " + RECOVERY_BOUND + " after the restore: " + recovery + " ms");
        assertTrue(unavailable.stream().allMatch(a -> a.atMillis() >= cutAt), "no 503 before the cut");
        // A refused request is not held longer than the pool's acquisition timeout (quarkus.datasource.jdbc.acquisition-timeout, 5 s).
        assertTrue(slowest503 <= 5_500, "a 503 took " + slowest503 + " ms");
        outageChecks.assertHeld();

        // Nothing lost, nothing twice: every start is one enrollment, every phone check one transition, every
        // administrator's change one line of the trail and one outbox row.
        int lost = 0;
        for (String subject : started) {
            lost += Math.abs(1 - count("select count(*) from enrollment where owner_subject = ?1", subject));
        }
        for (String subject : verified) {
            Enrollment enrollment = QuarkusTransaction.requiringNew().call(() -> Enrollment.<Enrollment>find("ownerSubject", subject).firstResult());
            long checks = QuarkusTransaction.requiringNew().call(() -> AuditEvent.<AuditEvent>trailOf(enrollment.id).stream()
                    .filter(e -> e.toState == EnrollmentState.PHONE_VERIFIED).count());
            lost += enrollment.state == EnrollmentState.PHONE_VERIFIED && checks == 1 ? 0 : 1;
        }
        for (UUID id : actives) {
            int told = transitions.get(id).get();
            long trail = QuarkusTransaction.requiringNew().call(() -> AuditEvent.<AuditEvent>trailOf(id).stream()
                    .filter(e -> ADMIN.equals(e.actor)).count());
            long rows = QuarkusTransaction.requiringNew().call(() -> KeycloakOutboxEntry.count("enrollmentId", id));
            EnrollmentState state = QuarkusTransaction.requiringNew().call(() -> Enrollment.<Enrollment>findById(id).state);
            lost += trail == told && rows == told && state == (told % 2 == 1 ? EnrollmentState.SUSPENDED : EnrollmentState.ACTIVE) ? 0 : 1;
            assertEquals(told, trail, "the trail of " + id);
            assertEquals(told, rows, "the outbox rows of " + id);
        }
        TALLY.lostEnrollments(lost);
        assertEquals(0, lost, "changes lost or made twice");

        // The outbox resumes: each row reaches Keycloak once, in order, and Keycloak ends with the last status.
        int before = stub().requestCount();
        propagation.dispatchDue();
        for (UUID id : actives) {
            long rows = QuarkusTransaction.requiringNew().call(() -> KeycloakOutboxEntry.count("enrollmentId", id));
            long delivered = QuarkusTransaction.requiringNew().call(() -> KeycloakOutboxEntry.count("enrollmentId = ?1 and deliveredAt is not null", id));
            assertEquals(rows, delivered, "every row of " + id + " delivered");
            List<KeycloakStub.Received> puts = stub().since(before, subjectOf.get(id)).stream().filter(r -> r.method().equals("PUT")).toList();
            long earlier = stub().about(subjectOf.get(id)).size() - puts.size();
            assertEquals(rows, earlier + puts.size(), "each row of " + id + " sent to Keycloak once");
            String expected = transitions.get(id).get() % 2 == 1 ? "SUSPENDED" : "ACTIVE";
            assertEquals(expected, stub().attribute(subjectOf.get(id), KeycloakAdminClient.STATUS_ATTRIBUTE));
        }

        // The log: one WARN line of ours per refused request, nothing at ERROR, no SQL with a value, no secret.
        String log = new String(Files.readAllBytes(LOG), StandardCharsets.UTF_8).substring((int) Math.min(logFrom, Files.size(LOG)));
        List<String> lines = log.lines().toList();
        // Nothing at ERROR, from the service or the frameworks: an outage the service rides out is not an error of its
        // own (the database's monitoring raises the alarm). Narayana still logs, at WARN, one ARJUNA016045 with a stack
        // trace for each transaction whose connection was cut (its rollback cannot reach the server, which rolls back
        // by itself when the connection drops).
        assertEquals(List.of(), lines.stream().filter(l -> l.contains(" ERROR ")).toList(), "nothing at ERROR");
        // No SQL at ERROR, and none with a value in it. Narayana's WARN ARJUNA012125 (a flush cut mid-way) quotes
        // Hibernate's exception, which names the statement with its placeholders only.
        List<String> sql = lines.stream()
                .filter(l -> l.matches("(?i).*\\b(select|insert into|update|delete from)\\b.*\\b(from|set|values|where)\\b.*")).toList();
        assertEquals(List.of(), sql.stream().filter(l -> l.contains(" ERROR ") || l.contains("'")).toList(),
                "no SQL at ERROR, no SQL with a value");
        assertTrue(lines.stream().anyMatch(l -> l.contains("Database unreachable on /api/v1/")), "the operator sees the outage");
        // No code sent during the run, and no access token, is in the log.
        int secrets = 0;
        for (RecordingSmsGateway.RecordedSms sent : sms.all()) {
            String code = Journeys.lastCode(sent.text());
            if (code != null && java.util.regex.Pattern.compile("\\b" + code + "\\b").matcher(log).find()) {
                secrets++;
            }
        }
        if (log.contains("eyJ")) {
            secrets++;
        }
        TALLY.secretsFound(secrets);
        assertEquals(0, secrets, "codes or tokens in the log");
    }

    /** What is checked while the database is away. */
    private interface ProblemsDuringTheOutage {
        void assertHeld();
    }

    private ProblemsDuringTheOutage cutTheDatabase() {
        cutAt = elapsed();
        ProxiedPostgres.proxy.cut();
        // The scheduled dispatcher runs into the outage: it postpones, throws nothing, marks nothing.
        pause(1_000);
        propagation.scheduled();
        int sentBefore = stub().requestCount();
        // A read is refused as cleanly as a change.
        Response current = given().auth().oauth2(SignedTokens.citizen("outage-reader")).get("/api/v1/enrollments/current");
        pause(Math.max(0, OUTAGE.toMillis() - (elapsed() - cutAt)));
        ProxiedPostgres.proxy.restore();
        restoredAt = elapsed();
        int sentAfter = stub().requestCount();
        return () -> {
            assertEquals(503, current.statusCode());
            assertEquals(Problem.MEDIA_TYPE, current.contentType());
            assertEquals(sentBefore, sentAfter, "nothing was sent to Keycloak while the database was away");
        };
    }

    /**
     * Sends until the service answers something else than 503. A 409 of {@code doneType} after a 503 means the first
     * try had been made after all (the connection was cut after the commit): "in-doubt", resolved.
     */
    private String untilAnswered(String operation, String subject, java.util.function.Supplier<Response> send, int success, String doneType) {
        boolean refusedBefore = false;
        for (int attempt = 0; attempt < 200; attempt++) {
            long sent = elapsed();
            Response response = send.get();
            String type = response.contentType().startsWith(Problem.MEDIA_TYPE) ? response.jsonPath().getString("type") : null;
            answers.add(new Answer(operation, subject, sent, elapsed(), response.statusCode(), response.contentType(), type,
                    response.header("Retry-After")));
            if (response.statusCode() == success) {
                return refusedBefore ? "retried" : "at-once";
            }
            if (refusedBefore && response.statusCode() == 409 && (Problem.TYPE_BASE + doneType).equals(type)) {
                return "in-doubt";
            }
            assertEquals(503, response.statusCode(), operation + " " + subject + ": " + response.asString());
            refusedBefore = true;
            pause(250);
        }
        throw new AssertionError(operation + " " + subject + " never succeeded");
    }

    private static Response start(String subject, String mobile) {
        Map<String, Object> body = Identities.with("mobilePhone", mobile);
        return given().auth().oauth2(SignedTokens.citizen(subject)).contentType(ContentType.JSON).body(body).post("/api/v1/enrollments");
    }

    private String codeSentTo(String nationalMobile) {
        String e164 = "+33" + nationalMobile.substring(1);
        List<RecordingSmsGateway.RecordedSms> sent = sms.sentTo(e164);
        assertFalse(sent.isEmpty(), "an SMS to " + e164);
        String code = Journeys.lastCode(sent.get(sent.size() - 1).text());
        assertNotNull(code);
        return code;
    }

    private static long count(String sql, String parameter) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) Enrollment.getEntityManager().createNativeQuery(sql)
                .setParameter(1, parameter).getSingleResult()).longValue());
    }

    private long elapsed() {
        return (System.nanoTime() - begin) / 1_000_000;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
