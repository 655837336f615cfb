package fr.idnum.e2e.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import fr.idnum.e2e.support.Browser;
import fr.idnum.e2e.support.EnrollmentOutbox;
import fr.idnum.e2e.support.EnrollmentService;
import fr.idnum.e2e.support.Enrollments;
import fr.idnum.e2e.support.IdnumRealmConfig;
import fr.idnum.e2e.support.IdnumServerConfig;
import fr.idnum.e2e.support.KeycloakLog;
import fr.idnum.e2e.support.PushLogin;
import fr.idnum.e2e.support.PushSettings;
import fr.idnum.e2e.support.RelyingParty;
import fr.idnum.keycloak.push.PushEvents;
import fr.idnum.protocol.Challenges;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.injection.LifeCycle;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Issue 14, FCM answering UNREGISTERED, as far as Keycloak: the enrollment service answers 410
 * {@code push-token-unregistered}; Keycloak marks the phone, records it (event and log line, never the token), pushes
 * nothing more to that token (the waiting page says at once to open the app, which pulls the challenge), and the
 * phone's next token ({@code device/push-token}) makes pushes resume. The app learns it from its fetch of the pending
 * challenge (a header on 200 and 204, a claim of the signed challenge), and the simulator, as the app must, sends a
 * fresh token with the code the citizen types next. On the real distribution, enrollment service and simulator; the
 * service's FCM stand-in answers UNREGISTERED for {@link EnrollmentService#UNREGISTERED_TOKEN_PREFIX}.
 */
@KeycloakIntegrationTest(config = IdnumServerConfig.class)
class UnregisteredPushTokenIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @InjectRealm(config = IdnumRealmConfig.class, lifecycle = LifeCycle.GLOBAL)
    ManagedRealm realm;

    private final RelyingParty rp = RelyingParty.monCompteFormation();

    @Test
    void aTokenFcmNoLongerKnowsIsMarkedNotPushedAgainAndTheAppToldSoSendsANewOne() throws Exception {
        Enrollments.Citizen citizen = Enrollments.activated(realm);
        String dead = EnrollmentService.UNREGISTERED_TOKEN_PREFIX + UUID.randomUUID();
        citizen.phone().updatePushToken(dead, Enrollments.PIN);
        EnrollmentOutbox outbox = EnrollmentService.get().outbox();
        long logStart = KeycloakLog.end();
        String fresh = "sim-" + UUID.randomUUID();

        // 1. The push is tried, FCM says UNREGISTERED: the page learns the push failed once the phone is marked, so the
        //    app opened on its prompt is told, in the signed challenge; here it approves as an app that ignores it would.
        PushLogin first = PushLogin.start(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), citizen.username());
        String status = first.awaitStatus(false).body();
        assertTrue(status.contains("\"push_failed\":true"), status);
        Challenges.Challenge pulled = citizen.phone().awaitChallenge(WAIT);
        assertTrue(pulled.pushTokenUnregistered(), "the challenge says, signed, that the push token is dead");
        assertTrue(citizen.phone().pushTokenUnregistered());
        citizen.phone().device().approve(citizen.phone().state(), pulled, Enrollments.PIN, first.number());
        assertTrue(first.check().leftKeycloak());
        assertTrue(citizen.phone().pendingChallenge().isEmpty());
        assertTrue(citizen.phone().pushTokenUnregistered(), "nothing waits, and the 204 says so too");
        List<EnrollmentOutbox.Push> toDead = outbox.pushesTo(dead);
        assertEquals(1, toDead.size(), "one push tried: " + toDead);
        assertEquals("UNREGISTERED_TOKEN", toDead.get(0).outcome());

        CredentialRepresentation phone = phone(citizen);
        assertTrue(phone.getCredentialData().contains("\"pushTokenUnregisteredAt\":"), phone.getCredentialData());
        EventRepresentation marked = realm.admin().getEvents(List.of("UPDATE_CREDENTIAL"), null, citizen.userId(), null, null,
                null, 0, 100).stream()
                .filter(e -> PushEvents.PUSH_TOKEN_UNREGISTERED_ACTION.equals(e.getDetails().get(PushEvents.DEVICE_ACTION_DETAIL)))
                .findFirst().orElseThrow(() -> new AssertionError("no push-token-unregistered event"));
        assertEquals(citizen.phone().credentialId(), marked.getDetails().get("credential_id"));
        assertEquals(pulled.id(), marked.getDetails().get(PushEvents.CHALLENGE_DETAIL));
        assertFalse(marked.getDetails().toString().contains(dead), "no token in the event");

        // 2. The next sign-in pushes nothing: its very first page already tells the citizen to open the app; "Renvoyer"
        //    (past the resend interval) pushes nothing either, and says neither "renvoyée" nor "patientez".
        PushSettings.with(realm, PushSettings.RESEND_INTERVAL, "5", () -> {
            PushLogin second = PushLogin.start(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), citizen.username());
            assertFalse(second.document().selectFirst("#idnum-push-not-sent").hasAttr("hidden"), second.document().text());
            assertTrue(second.document().selectFirst("#idnum-push-sent").hasAttr("hidden"));
            assertTrue(second.status().contains("\"push_failed\":true"), second.status());
            Thread.sleep(5_500);
            second.press("resend");
            second.assertState("waiting");
            String text = second.document().text();
            assertFalse(text.contains("renvoyée") || text.contains("patientez"), text);
            assertFalse(second.document().selectFirst("#idnum-push-not-sent").hasAttr("hidden"), text);
            // 3. The app, told again, approves and sends the token FCM gives it now, with the same code.
            Challenges.Challenge pulledAgain = citizen.phone().awaitChallenge(WAIT);
            assertTrue(pulledAgain.pushTokenUnregistered());
            citizen.phone().pushTokens(() -> fresh).approve(pulledAgain, Enrollments.PIN, second.number());
            assertTrue(second.check().leftKeycloak());
        });
        assertEquals(1, outbox.pushesTo(dead).size(), "nothing more pushed to the dead token, not even on resend");
        assertEquals(fresh, citizen.phone().state().pushToken());
        assertFalse(citizen.phone().pushTokenUnregistered());
        assertFalse(phone(citizen).getCredentialData().contains("pushTokenUnregisteredAt"), phone(citizen).getCredentialData());

        // 4. The next sign-in is pushed again, to the new token, and its challenge no longer carries the flag.
        PushLogin third = PushLogin.start(new Browser(), rp.authorize("openid").acrValues("eidas2").uri(), citizen.username());
        assertTrue(third.document().selectFirst("#idnum-push-not-sent").hasAttr("hidden"), third.document().text());
        Challenges.Challenge pushed = citizen.phone().awaitChallenge(WAIT);
        assertFalse(pushed.pushTokenUnregistered());
        assertFalse(citizen.phone().pushTokenUnregistered());
        List<EnrollmentOutbox.Push> toFresh = awaitPushes(outbox, fresh);
        assertEquals(pushed.id(), toFresh.get(0).challengeId());
        assertEquals("DELIVERED", toFresh.get(0).outcome());
        citizen.phone().approve(pushed, Enrollments.PIN, third.number());
        assertTrue(third.check().leftKeycloak());
        assertEquals(1, outbox.pushesTo(dead).size());

        // The log says it once, naming the phone, never the token.
        List<String> lines = KeycloakLog.linesSince(logStart);
        assertEquals(1, lines.stream().filter(l -> l.contains("no longer knows the push token of phone "
                + citizen.phone().credentialId())).count(), "one log line for the mark");
        assertEquals(List.of(), lines.stream().filter(l -> l.contains(dead) || l.contains(fresh)).toList(), "a push token in Keycloak's log");
    }

    private CredentialRepresentation phone(Enrollments.Citizen citizen) {
        return realm.admin().users().get(citizen.userId()).credentials().stream()
                .filter(c -> "idnum-device".equals(c.getType())).findFirst().orElseThrow();
    }

    /** The push goes from a push thread once the sign-in's request committed: it may come a moment after the page. */
    private static List<EnrollmentOutbox.Push> awaitPushes(EnrollmentOutbox outbox, String token) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            List<EnrollmentOutbox.Push> pushes = outbox.pushesTo(token);
            if (!pushes.isEmpty()) {
                return pushes;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no push to the phone's new token");
    }
}
