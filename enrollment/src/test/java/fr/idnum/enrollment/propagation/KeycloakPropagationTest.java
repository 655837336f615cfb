package fr.idnum.enrollment.propagation;

import static fr.idnum.enrollment.propagation.KeycloakStub.stub;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.idnum.protocol.enrollment.EnrollmentStatus;
import fr.idnum.enrollment.admin.AdminEnrollmentService;
import fr.idnum.enrollment.admin.IdentityErasure;
import fr.idnum.enrollment.audit.Actor;
import fr.idnum.enrollment.enrollment.Enrollment;
import fr.idnum.enrollment.enrollment.EnrollmentState;
import fr.idnum.enrollment.enrollment.IllegalTransitionException;
import fr.idnum.enrollment.support.Journeys;
import fr.idnum.enrollment.support.PostgresTestDatabase;
import fr.idnum.enrollment.support.TestClock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresTestDatabase.class)
@QuarkusTestResource(KeycloakStub.class)
class KeycloakPropagationTest {

    private static final Actor ADMIN = new Actor("admin-propagation", Actor.ADMIN);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Journeys journeys;
    @Inject
    AdminEnrollmentService admin;
    @Inject
    IdentityErasure erasure;
    @Inject
    KeycloakPropagation propagation;
    @Inject
    fr.idnum.enrollment.activation.ActivationService activation;
    @Inject
    TestClock clock;
    @Inject
    MeterRegistry metrics;

    @BeforeEach
    void keycloakUpAndNothingLeftOver() {
        stub().mode(KeycloakStub.Mode.UP);
        stub().delay(0);
        // Rows other test classes left (their users are unknown to the stub: delivered as "no such user").
        propagation.dispatchDue();
    }

    @AfterEach
    void resetClockAndStub() {
        clock.reset();
        stub().mode(KeycloakStub.Mode.UP);
        stub().delay(0);
    }

    private static List<KeycloakOutboxEntry> rowsOf(UUID enrollmentId) {
        return QuarkusTransaction.requiringNew().call(() -> KeycloakOutboxEntry.<KeycloakOutboxEntry>list(
                "enrollmentId = ?1 order by createdAt", enrollmentId));
    }

    private static KeycloakOutboxEntry onlyRowOf(UUID enrollmentId) {
        List<KeycloakOutboxEntry> rows = rowsOf(enrollmentId);
        assertEquals(1, rows.size(), "one outbox row");
        return rows.get(0);
    }

    private static EnrollmentState stateOf(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> Enrollment.<Enrollment>findById(id).state);
    }

    /** An active enrollment whose owner is a Keycloak user the stub knows, with some identity attributes. */
    private UUID activeWithKeycloakUser(String subject, String birthName, String mobile) {
        stub().addUser(subject, Map.of("given_names", "Jean-Pierre Louis", "birth_family_name", birthName));
        return journeys.active(subject, birthName, mobile).enrollmentId();
    }

    @Test
    void aSuspensionWritesExactlyOneRowInItsTransactionAndARefusedOrRolledBackChangeNone() {
        String subject = UUID.randomUUID().toString();
        UUID id = activeWithKeycloakUser(subject, "TOMASI", "87000001");
        assertEquals(List.of(), rowsOf(id), "activation itself is Keycloak's doing: nothing to propagate");

        admin.suspend(id, ADMIN, "phone reported stolen");
        KeycloakOutboxEntry row = onlyRowOf(id);
        assertEquals(subject, row.subject);
        assertEquals(EnrollmentStatus.SUSPENDED, row.status);
        assertEquals(0, row.attempts);
        assertNull(row.deliveredAt);
        assertNull(row.lastError);
        assertTrue(!row.nextAttemptAt.isAfter(clock.instant()), "due at once");

        // Refused: SUSPENDED -> SUSPENDED changes nothing, and queues nothing.
        assertThrows(IllegalTransitionException.class, () -> admin.suspend(id, ADMIN, "again"));
        // Rolled back after the change: the row goes with it.
        assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            admin.reinstate(id, ADMIN, "phone found");
            throw new IllegalStateException("the caller's transaction fails afterwards");
        }));
        assertEquals(EnrollmentState.SUSPENDED, stateOf(id));
        assertEquals(row.id, onlyRowOf(id).id);
    }

    @Test
    void theBacklogIsMeasuredForTheOnCallOperator() {
        String subject = UUID.randomUUID().toString();
        UUID id = activeWithKeycloakUser(subject, "VOGLIMACCI", "87000009");
        double failedBefore = propagations("failed");
        double deliveredBefore = propagations("delivered");

        stub().mode(KeycloakStub.Mode.UNAVAILABLE);
        admin.suspend(id, ADMIN, "phone reported stolen");
        propagation.dispatchDue();
        assertEquals(1, propagations("failed") - failedBefore);
        assertEquals(1, metrics.get("idnum.keycloak.outbox.pending").gauge().value());
        clock.advance(Duration.ofMinutes(10));
        assertEquals(600, metrics.get("idnum.keycloak.outbox.oldest.pending").gauge().value(), 1,
                "the suspension has waited ten minutes: not in force in Keycloak");

        stub().mode(KeycloakStub.Mode.UP);
        clock.advance(Duration.ofMinutes(1));
        propagation.dispatchDue();
        assertEquals(1, propagations("delivered") - deliveredBefore);
        assertEquals(0, metrics.get("idnum.keycloak.outbox.pending").gauge().value());
        assertEquals(0, metrics.get("idnum.keycloak.outbox.oldest.pending").gauge().value());
    }

    private double propagations(String outcome) {
        Counter counter = metrics.find("idnum.keycloak.propagations").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void dispatchingGetsATokenThenPutsTheStatusAloneNothingOfTheIdentity() throws Exception {
        String subject = UUID.randomUUID().toString();
        UUID id = activeWithKeycloakUser(subject, "QUILICI", "87000002");
        admin.suspend(id, ADMIN, "phone reported stolen");
        int before = stub().requestCount();

        propagation.dispatchDue();

        List<KeycloakStub.Received> calls = stub().since(before, subject);
        assertEquals(List.of("POST " + KeycloakStub.TOKEN_PATH, "PUT " + KeycloakStub.STATUS_PATH + subject),
                calls.stream().map(c -> c.method() + " " + c.path()).toList(), "token first, then the status");
        KeycloakStub.Received token = calls.get(0);
        assertTrue(token.body().contains("grant_type=client_credentials"), token.body());
        assertTrue(token.body().contains("client_id=idnum-enrollment"), token.body());
        assertTrue(token.body().contains("client_secret=" + KeycloakStub.CLIENT_SECRET), "secret sent");
        assertTrue(calls.get(1).authorization().startsWith("Bearer stub-token-"));

        JsonNode put = JSON.readTree(calls.get(1).body());
        assertEquals("SUSPENDED", put.path("status").asText());
        assertFalse(put.path("remove_devices").asBoolean());
        assertFalse(put.path("erase_identity").asBoolean());
        List<String> fields = new ArrayList<>();
        put.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("status", "remove_devices", "erase_identity"), fields, "nothing else travels");
        assertFalse(calls.get(1).body().contains("QUILICI"), "nothing of the identity travels");
        assertEquals("SUSPENDED", stub().attribute(subject, KeycloakAdminClient.STATUS_ATTRIBUTE));
        assertEquals("Jean-Pierre Louis", stub().attribute(subject, "given_names"));

        KeycloakOutboxEntry row = onlyRowOf(id);
        assertNotNull(row.deliveredAt);
        assertEquals(1, row.attempts);
        assertNull(row.lastError);

        before = stub().requestCount();
        propagation.dispatchDue();
        assertEquals(List.of(), stub().since(before, subject), "a delivered row is not sent again");
    }

    @Test
    void aRevocationDeletesTheDeviceCredentialsAndOnlyThem() {
        String subject = UUID.randomUUID().toString();
        UUID id = activeWithKeycloakUser(subject, "SIMEONI", "87000003");
        stub().addCredential(subject, "c-device-1", "idnum-device");
        stub().addCredential(subject, "c-password", "password");
        stub().addCredential(subject, "c-device-2", "idnum-device");
        stub().addCredential(subject, "c-otp", "otp");

        admin.revoke(id, ADMIN, "identity theft confirmed");
        assertEquals(EnrollmentStatus.REVOKED, onlyRowOf(id).status);
        propagation.dispatchDue();

        assertEquals("REVOKED", stub().attribute(subject, KeycloakAdminClient.STATUS_ATTRIBUTE));
        assertEquals(List.of("c-password:password", "c-otp:otp"), stub().credentialTypes(subject));
        assertTrue(stub().about(subject).stream().allMatch(r -> r.body().contains("\"remove_devices\":true")),
                "Keycloak is asked to remove the phones, and only them");
        assertNotNull(onlyRowOf(id).deliveredAt);
    }

    @Test
    void aSuspendedThenReinstatedUserEndsActiveTheRowsDeliveredInOrder() {
        String subject = UUID.randomUUID().toString();
        UUID id = activeWithKeycloakUser(subject, "RAFFINI", "87000004");
        admin.suspend(id, ADMIN, "phone reported stolen");
        admin.reinstate(id, ADMIN, "phone found");

        propagation.dispatchDue();

        List<String> statuses = stub().about(subject).stream().filter(r -> r.method().equals("PUT"))
                .map(r -> readStatus(r.body())).toList();
        assertEquals(List.of("SUSPENDED", "ACTIVE"), statuses);
        assertEquals("ACTIVE", stub().attribute(subject, KeycloakAdminClient.STATUS_ATTRIBUTE));
        assertTrue(rowsOf(id).stream().allMatch(r -> r.deliveredAt != null));
    }

    @Test
    void anOutageDelaysTheRowWithBackoffAndALaterDispatchDeliversIt() {
        String subject = UUID.randomUUID().toString();
        UUID id = activeWithKeycloakUser(subject, "VALENTINI", "87000005");
        admin.suspend(id, ADMIN, "phone reported stolen");

        stub().mode(KeycloakStub.Mode.UNAVAILABLE);
        propagation.dispatchDue();
        KeycloakOutboxEntry row = onlyRowOf(id);
        assertNull(row.deliveredAt);
        assertEquals(1, row.attempts);
        assertTrue(row.lastError.contains("HTTP 503"), row.lastError);
        Instant now = clock.instant();
        assertTrue(row.nextAttemptAt.isAfter(now.plusSeconds(10)) && !row.nextAttemptAt.isAfter(now.plusSeconds(15)),
                "retried 15 s later: " + row.nextAttemptAt + " vs " + now);
        assertNull(stub().attribute(subject, KeycloakAdminClient.STATUS_ATTRIBUTE));

        // Not due yet: Keycloak is back, but nobody calls it for this row before its time.
        stub().mode(KeycloakStub.Mode.UP);
        int before = stub().requestCount();
        propagation.dispatchDue();
        assertTrue(stub().about(subject).stream().noneMatch(r -> r.seq() > before), "not retried before its time");
        assertEquals(1, onlyRowOf(id).attempts);

        // Unreachable at the second attempt: the delay doubles.
        stub().mode(KeycloakStub.Mode.UNREACHABLE);
        clock.advance(Duration.ofSeconds(16));
        propagation.dispatchDue();
        row = onlyRowOf(id);
        assertNull(row.deliveredAt);
        assertEquals(2, row.attempts);
        assertTrue(row.lastError.contains("could not be reached"), row.lastError);
        now = clock.instant();
        assertTrue(row.nextAttemptAt.isAfter(now.plusSeconds(25)) && !row.nextAttemptAt.isAfter(now.plusSeconds(30)),
                "retried 30 s later: " + row.nextAttemptAt + " vs " + now);

        stub().mode(KeycloakStub.Mode.UP);
        clock.advance(Duration.ofSeconds(31));
        propagation.dispatchDue();
        row = onlyRowOf(id);
        assertNotNull(row.deliveredAt);
        assertEquals(3, row.attempts);
        assertEquals("SUSPENDED", stub().attribute(subject, KeycloakAdminClient.STATUS_ATTRIBUTE));
    }

    @Test
    void aUserKeycloakDoesNotHaveCountsAsDelivered() {
        String subject = UUID.randomUUID().toString();
        UUID id = journeys.active(subject, "ZUCCARELLI", "87000006").enrollmentId();
        admin.suspend(id, ADMIN, "phone reported stolen");

        propagation.dispatchDue();

        KeycloakOutboxEntry row = onlyRowOf(id);
        assertNotNull(row.deliveredAt);
        assertTrue(row.lastError.contains("no such user"), row.lastError);
        assertEquals(List.of("PUT"), stub().about(subject).stream().map(KeycloakStub.Received::method).toList());
    }

    @Test
    void anErasureIsQueuedWithItsTransactionAndMarksTheUserErased() {
        String subject = UUID.randomUUID().toString();
        UUID id = activeWithKeycloakUser(subject, "OTTAVI", "87000007");
        admin.revoke(id, ADMIN, "citizen's request");
        propagation.dispatchDue();
        assertEquals("REVOKED", stub().attribute(subject, KeycloakAdminClient.STATUS_ATTRIBUTE));
        stub().addCredential(subject, "c-device-late", "idnum-device");
        stub().addCredential(subject, "c-password", "password");

        clock.advance(Duration.ofDays(7 * 365 + 3));
        erasure.erase(id, ADMIN, "retention period over");
        assertEquals(List.of(EnrollmentStatus.REVOKED, EnrollmentStatus.ERASED), rowsOf(id).stream().map(r -> r.status).toList());
        propagation.dispatchDue();

        assertEquals("ERASED", stub().attribute(subject, KeycloakAdminClient.STATUS_ATTRIBUTE));
        assertEquals(null, stub().attribute(subject, "birth_family_name"), "the identity copied at activation is erased too");
        assertEquals(null, stub().attribute(subject, "given_names"));
        assertEquals(List.of("c-password:password"), stub().credentialTypes(subject));
        assertTrue(rowsOf(id).stream().allMatch(r -> r.deliveredAt != null));
    }

    @Test
    void aRowAboutAnEnrollmentReplacedByANewerActivatedOneIsNotSent() {
        String subject = UUID.randomUUID().toString();
        UUID old = activeWithKeycloakUser(subject, "NAPOLEONI", "87000008");
        admin.revoke(old, ADMIN, "phone lost for good");
        // Before the revocation reached Keycloak, the citizen enrolled again and activated a new phone.
        UUID renewed = journeys.active(subject, "NAPOLEONI", "87000009").enrollmentId();
        stub().addCredential(subject, "c-new-phone", "idnum-device");
        int before = stub().requestCount();

        propagation.dispatchDue();

        KeycloakOutboxEntry row = onlyRowOf(old);
        assertNotNull(row.deliveredAt);
        assertTrue(row.lastError.contains("newer activated enrollment"), row.lastError);
        assertTrue(stub().about(subject).stream().noneMatch(r -> r.seq() > before), "Keycloak not called about this user");
        assertEquals(List.of("c-new-phone:idnum-device"), stub().credentialTypes(subject), "the new phone is kept");
        assertEquals(List.of(), rowsOf(renewed));
    }

    @Test
    void aReactivationRequiredOvertakenByTheNewActivationIsNotSent() {
        String subject = UUID.randomUUID().toString();
        UUID id = activeWithKeycloakUser(subject, "CASANOVA", "87000010");
        var reissued = admin.requireReactivation(id, ADMIN, "phone replaced");
        // The posted code works once its cooling-off is over (three days).
        clock.advance(Duration.ofDays(3).plusSeconds(5));
        // Before the row reached Keycloak, the citizen activated the new phone (Keycloak wrote ACTIVE itself).
        String code = ((fr.idnum.enrollment.activation.CodeDelivery.Post) reissued.delivery()).code().code();
        activation.redeem(subject, code, "new-phone", new fr.idnum.enrollment.audit.Actor("keycloak", fr.idnum.enrollment.audit.Actor.SYSTEM));
        stub().addCredential(subject, "c-new-phone", "idnum-device");
        int before = stub().requestCount();

        propagation.dispatchDue();

        KeycloakOutboxEntry row = rowsOf(id).stream().filter(r -> r.status == EnrollmentStatus.REACTIVATION_REQUIRED).findFirst().orElseThrow();
        assertNotNull(row.deliveredAt);
        assertTrue(row.lastError.contains("activated a phone since"), row.lastError);
        assertTrue(stub().about(subject).stream().noneMatch(r -> r.seq() > before), "Keycloak not called about this user");
        assertEquals(List.of("c-new-phone:idnum-device"), stub().credentialTypes(subject), "the new phone is kept");
    }

    @Test
    void twoDispatchersAtOnceDeliverEachRowOnce() throws Exception {
        List<String> subjects = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            String subject = UUID.randomUUID().toString();
            subjects.add(subject);
            ids.add(activeWithKeycloakUser(subject, "MORACCHINI", String.format("880000%02d", i)));
        }
        for (UUID id : ids) {
            admin.suspend(id, ADMIN, "mass suspension");
        }
        stub().delay(30);

        CountDownLatch go = new CountDownLatch(1);
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            List<Future<KeycloakPropagation.Dispatched>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(two.submit(() -> {
                    go.await();
                    return propagation.dispatchDue();
                }));
            }
            go.countDown();
            KeycloakPropagation.Dispatched first = runs.get(0).get(60, TimeUnit.SECONDS);
            KeycloakPropagation.Dispatched second = runs.get(1).get(60, TimeUnit.SECONDS);
            assertTrue(first.delivered() > 0 && second.delivered() > 0, "both took part: " + first + ", " + second);
            assertEquals(0, first.failed() + second.failed());
        } finally {
            two.shutdownNow();
        }

        for (int i = 0; i < subjects.size(); i++) {
            String subject = subjects.get(i);
            assertEquals(1, stub().about(subject).stream().filter(r -> r.method().equals("PUT")).count(),
                    "one PUT for user " + i);
            KeycloakOutboxEntry row = onlyRowOf(ids.get(i));
            assertNotNull(row.deliveredAt);
            assertEquals(1, row.attempts);
        }
    }

    private static String readStatus(String body) {
        try {
            return JSON.readTree(body).path("status").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
