package fr.idnum.keycloak.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.persistence.EntityManager;

import fr.idnum.keycloak.delivery.SenderPool;
import fr.idnum.keycloak.device.DeviceCredentialModel;
import fr.idnum.keycloak.device.DeviceCredentialProviderFactory;
import fr.idnum.keycloak.device.TestPhones;
import fr.idnum.keycloak.enrollment.EnrollmentClient;
import fr.idnum.keycloak.enrollment.PushResult;
import org.junit.jupiter.api.Test;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.events.EventType;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.KeycloakTransaction;
import org.keycloak.models.KeycloakTransactionManager;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RealmProvider;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserProvider;
import org.keycloak.models.jpa.entities.CredentialEntity;
import org.keycloak.models.jpa.entities.UserEntity;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.tracing.NoopTracingProvider;
import org.keycloak.tracing.TracingProvider;

/**
 * The push of a challenge when the push service says the phone's token is dead (issue 14): the phone is marked, the
 * event recorded without the token, later sign-ins push nothing to it, and the phone's next token lifts the mark.
 */
class PushDeliveryTest {

    private static final Instant NOW = Instant.parse("2026-12-03T09:00:00Z");
    private static final String TOKEN = "dQw4w9WgXcQ:APA91bH-unit-test-token";

    private final TestPhones.Citizen citizen = TestPhones.citizen("user-1");
    private final Set<String> singleUse = new HashSet<>();
    private final List<KeycloakTransaction> afterCommit = new ArrayList<>();
    private final List<SenderPool.Job> submitted = new ArrayList<>();
    private final List<Object[]> pushes = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();
    private final Map<String, String> notes = new HashMap<>();
    private final CredentialEntity storedRow = new CredentialEntity();
    private PushResult answer = PushResult.SENT;
    /** The realm a push thread's session was put in (a request's session has its own already). */
    private final RealmModel[] contextRealm = new RealmModel[1];

    private final RealmModel realm = Fakes.of(RealmModel.class, Map.of(
            "getId", args -> "realm-1",
            "getName", args -> "idnum",
            "isEventsEnabled", args -> false,
            "getEventsListenersStream", args -> Stream.of("capture"),
            "getEnabledEventTypesStream", args -> Stream.empty()));
    private final KeycloakSession session = session();

    private KeycloakSession session() {
        SingleUseObjectProvider store = Fakes.of(SingleUseObjectProvider.class, Map.of(
                "putIfAbsent", args -> singleUse.add((String) args[0]),
                "contains", args -> singleUse.contains((String) args[0])));
        EnrollmentClient client = Fakes.of(EnrollmentClient.class, Map.of("push", args -> {
            pushes.add(args);
            return answer;
        }));
        EntityManager em = Fakes.of(EntityManager.class, Map.of(
                "find", args -> storedRow.getId().equals(args[1]) ? storedRow : null,
                "flush", args -> null,
                "refresh", args -> null));
        EventListenerProvider listener = Fakes.of(EventListenerProvider.class, Map.of(
                "onEvent", args -> events.add((Event) args[0]),
                "close", args -> null));
        EventListenerProviderFactory listeners = Fakes.of(EventListenerProviderFactory.class, Map.of(
                "getId", args -> "capture",
                "isGlobal", args -> false,
                "create", args -> listener));
        KeycloakSessionFactory factory = Fakes.of(KeycloakSessionFactory.class, Map.of(
                "getProviderFactoriesStream", args -> Stream.of(listeners)));
        KeycloakSession[] self = new KeycloakSession[1];
        self[0] = Fakes.of(KeycloakSession.class, Map.of(
                "getProvider", args -> {
                    if (args.length == 2) {
                        return args[0] == CredentialProvider.class && DeviceCredentialProviderFactory.PROVIDER_ID.equals(args[1])
                                ? TestPhones.provider(self[0]) : args[0] == EventListenerProvider.class ? listener : null;
                    }
                    if (args[0] == EnrollmentClient.class) {
                        return client;
                    }
                    if (args[0] == JpaConnectionProvider.class) {
                        return Fakes.of(JpaConnectionProvider.class, Map.of("getEntityManager", a -> em));
                    }
                    if (args[0] == EventStoreProvider.class) {
                        return null;
                    }
                    if (args[0] == TracingProvider.class) {
                        return new NoopTracingProvider();
                    }
                    throw new UnsupportedOperationException("getProvider " + args[0]);
                },
                "getKeycloakSessionFactory", args -> factory,
                "singleUseObjects", args -> store,
                "realms", args -> Fakes.of(RealmProvider.class, Map.of("getRealm", a -> "realm-1".equals(a[0]) ? realm : null)),
                "users", args -> Fakes.of(UserProvider.class, Map.of(
                        "getUserById", a -> "user-1".equals(a[1]) ? citizen.user() : null)),
                "getContext", args -> Fakes.of(KeycloakContext.class, Map.of(
                        "getRealm", a -> contextRealm[0] == null ? realm : contextRealm[0],
                        "setRealm", a -> contextRealm[0] = (RealmModel) a[0])),
                "getTransactionManager", args -> Fakes.of(KeycloakTransactionManager.class, Map.of(
                        "enlistAfterCompletion", a -> afterCommit.add((KeycloakTransaction) a[0])))));
        return self[0];
    }

    private final PushDelivery delivery = new PushDelivery(session, Fakes.of(AuthenticationSessionModel.class, Map.of(
            "setAuthNote", args -> notes.put((String) args[0], (String) args[1]),
            "getAuthNote", args -> notes.get((String) args[0]))), submitted::add);

    private static DeviceCredentialModel phone() {
        DeviceCredentialModel phone = TestPhones.phone("phone-1", TestPhones.deviceKey());
        return phone.with(phone.data().withPushToken(TOKEN, "android"));
    }

    private static Challenge challenge(String id) {
        return new Challenge(id, "n1", "user-1", "phone-1", "root", "tab", "Service", "Firefox", "Linux", 42, true, false,
                NOW, NOW.plusSeconds(120), ChallengeStatus.PENDING);
    }

    /** The phone as stored: the row the push thread locks and reads. */
    private DeviceCredentialModel stored(DeviceCredentialModel phone) {
        UserEntity owner = new UserEntity();
        owner.setId("user-1");
        storedRow.setId(phone.getId());
        storedRow.setType(DeviceCredentialModel.TYPE);
        storedRow.setUser(owner);
        storedRow.setUserLabel(phone.getUserLabel());
        storedRow.setCreatedDate(phone.getCreatedDate());
        storedRow.setCredentialData(phone.getCredentialData());
        storedRow.setSecretData(phone.getSecretData());
        return phone;
    }

    /**
     * The request commits: the push job is queued; then a push thread runs it, and its transaction commits; and so on
     * with the jobs that queues.
     */
    private void commitAndRunPushes() {
        commit();
        while (!submitted.isEmpty()) {
            runPushes();
            commit();
        }
    }

    /** The push jobs queued run, on a push thread, up to their transaction's commit. */
    private void runPushes() {
        List<SenderPool.Job> running = new ArrayList<>(submitted);
        submitted.clear();
        running.forEach(job -> job.run(session));
    }

    private void commit() {
        List<KeycloakTransaction> committing = new ArrayList<>(afterCommit);
        afterCommit.clear();
        for (KeycloakTransaction tx : committing) {
            tx.begin();
            tx.commit();
        }
    }

    private DeviceCredentialModel lastStored() {
        CredentialModel last = citizen.stored().get(citizen.stored().size() - 1);
        return DeviceCredentialModel.from(last);
    }

    @Test
    void aTokenThePushServiceNoLongerKnowsMarksThePhoneAndTheChallengeAndIsAuditedWithoutTheToken() {
        DeviceCredentialModel phone = stored(phone());
        answer = PushResult.TOKEN_UNREGISTERED;

        assertEquals(PushDelivery.Sent.PUSHING, delivery.send(challenge("c1"), phone, NOW));
        commit();
        runPushes();
        assertFalse(new ChallengeStore(session).pushFailed("c1"),
                "the page waits for the mark's commit: the app opened on its prompt must find the mark");
        commit();
        assertFalse(new ChallengeStore(session).pushFailed("c1"), "told by a job of its own, after the commit");
        runPushes();

        assertEquals(1, pushes.size());
        assertEquals(TOKEN, pushes.get(0)[0]);
        assertTrue(new ChallengeStore(session).pushFailed("c1"), "the page tells the citizen to open the app");
        assertEquals(1, citizen.stored().size());
        assertEquals(NOW.toEpochMilli(), lastStored().data().pushTokenUnregisteredAt());
        assertEquals(TOKEN, lastStored().data().pushToken());
        assertTrue(realm == contextRealm[0], "the push thread's session is put in the citizen's realm first");
        assertEquals(1, events.size());
        Event event = events.get(0);
        assertEquals(EventType.UPDATE_CREDENTIAL, event.getType());
        assertEquals("user-1", event.getUserId());
        assertNull(event.getError());
        assertEquals(PushEvents.PUSH_TOKEN_UNREGISTERED_ACTION, event.getDetails().get(PushEvents.DEVICE_ACTION_DETAIL));
        assertEquals("phone-1", event.getDetails().get(Details.CREDENTIAL_ID));
        assertEquals("c1", event.getDetails().get(PushEvents.CHALLENGE_DETAIL));
        assertFalse(event.getDetails().toString().contains(TOKEN), "no token in the audit trail: " + event.getDetails());
    }

    @Test
    void theNextSignInPushesNothingToADeadTokenAndItsPageSaysSoAtOnce() {
        stored(phone());
        answer = PushResult.TOKEN_UNREGISTERED;
        delivery.send(challenge("c1"), DeviceCredentialModel.from(storedRowAsModel()), NOW);
        commitAndRunPushes();
        DeviceCredentialModel marked = lastStored();

        assertEquals(PushDelivery.Sent.TOKEN_UNREGISTERED, delivery.send(challenge("c2"), marked, NOW.plusSeconds(60)));
        assertTrue(afterCommit.isEmpty(), "no push queued");
        commitAndRunPushes();
        assertEquals(1, pushes.size(), "only the first sign-in's push went out");
        assertTrue(new ChallengeStore(session).pushFailed("c2"), "marked before the page is shown");
        assertEquals(PushDelivery.Sent.TOKEN_UNREGISTERED,
                delivery.resend(challenge("c2"), marked, NOW.plusSeconds(600), Duration.ofSeconds(30)), "nor on resend");
        assertEquals(1, pushes.size());
        assertEquals(1, events.size(), "recorded once, not at every sign-in");
    }

    @Test
    void thePhonesNewTokenIsPushedAgain() {
        DeviceCredentialModel phone = stored(phone());
        answer = PushResult.TOKEN_UNREGISTERED;
        delivery.send(challenge("c1"), phone, NOW);
        commitAndRunPushes();
        DeviceCredentialModel marked = lastStored();

        // What device/push-token stores.
        DeviceCredentialModel renewed = marked.with(marked.data().withPushToken("fresh-token", "android"));
        answer = PushResult.SENT;
        assertEquals(PushDelivery.Sent.PUSHING, delivery.send(challenge("c2"), renewed, NOW.plusSeconds(60)));
        commitAndRunPushes();

        assertEquals(2, pushes.size());
        assertEquals("fresh-token", pushes.get(1)[0]);
        assertFalse(new ChallengeStore(session).pushFailed("c2"));
    }

    @Test
    void aPushRefusedForAnotherReasonLeavesThePhonePushable() {
        DeviceCredentialModel phone = stored(phone());
        answer = PushResult.NOT_SENT;

        delivery.send(challenge("c1"), phone, NOW);
        commitAndRunPushes();

        assertTrue(new ChallengeStore(session).pushFailed("c1"));
        assertTrue(citizen.stored().isEmpty(), "the phone is not touched");
        assertTrue(events.isEmpty());
        assertEquals(PushDelivery.Sent.PUSHING, delivery.send(challenge("c2"), phone, NOW.plusSeconds(60)));
    }

    @Test
    void aTokenTheAppReplacedWhileThePushWasOnItsWayIsNotMarked() {
        DeviceCredentialModel phone = phone();
        // The phone sent a new token between the sign-in and FCM's answer about the old one.
        stored(phone.with(phone.data().withPushToken("fresh-token", "android")));
        answer = PushResult.TOKEN_UNREGISTERED;

        delivery.send(challenge("c1"), phone, NOW);
        commitAndRunPushes();

        assertEquals(TOKEN, pushes.get(0)[0]);
        assertTrue(citizen.stored().isEmpty(), "the new token stays pushable");
        assertTrue(events.isEmpty());
    }

    private CredentialModel storedRowAsModel() {
        CredentialModel model = new CredentialModel();
        model.setId(storedRow.getId());
        model.setType(storedRow.getType());
        model.setUserLabel(storedRow.getUserLabel());
        model.setCreatedDate(storedRow.getCreatedDate());
        model.setCredentialData(storedRow.getCredentialData());
        model.setSecretData(storedRow.getSecretData());
        return model;
    }
}
