package fr.idnum.keycloak.reset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import fr.idnum.keycloak.delivery.SenderPool;
import fr.idnum.keycloak.push.Fakes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.Event;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.DefaultActionTokenKey;
import org.keycloak.models.KeycloakTransaction;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.services.messages.Messages;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;

class ResetEmailAuthenticatorTest {

    private static final String ADDRESS = "citizen@example.fr";

    private final ResetKeycloak keycloak = new ResetKeycloak();
    private final SenderPool senders = new SenderPool("test-reset-mail", 1, 10);
    private final List<String> pages = new CopyOnWriteArrayList<>();
    private final List<String> outcomes = new CopyOnWriteArrayList<>();
    private final Map<String, String> notes = new HashMap<>(Map.of(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME, ADDRESS));
    private int written;

    /** Writes a mail for the link as the real seam would, without the realm's keys. */
    private final ResetEmailAuthenticator.ResetLink links = (context, user) -> {
        written++;
        return new PasswordResetMail(user.getEmail(), "Réinitialiser le mot de passe", "lien: https://idnum.test/action-token?key=T", "<p>T</p>");
    };

    @AfterEach
    void stopPool() {
        senders.close();
    }

    @Test
    void anUnknownAddressGetsTheSentPageAndNothingIsWrittenNorQueued() {
        new ResetEmailAuthenticator(senders, links).authenticate(context(null));

        assertEquals(List.of(Messages.EMAIL_SENT), pages);
        assertEquals(0, written);
        assertTrue(keycloak.afterCompletion.isEmpty());
        assertTrue(keycloak.events.isEmpty());
    }

    @Test
    void anExistingAccountGetsTheSamePageAndItsMailLeavesOnlyAfterTheCommit() throws Exception {
        senders.start(keycloak.factory);

        new ResetEmailAuthenticator(senders, links).authenticate(context(user(ADDRESS)));

        assertEquals(List.of(Messages.EMAIL_SENT), pages, "the page an unknown address gets");
        assertEquals(1, written);
        assertTrue(keycloak.handed.isEmpty(), "nothing sent while the request runs");
        assertTrue(keycloak.events.isEmpty(), "the event waits for the send");
        assertEquals(1, keycloak.afterCompletion.size());

        commit(keycloak.afterCompletion.get(0));
        awaitEvents(1);
        assertEquals(ADDRESS, keycloak.handed.get(0).address());
        Event event = keycloak.events.get(0);
        assertEquals(EventType.SEND_RESET_PASSWORD, event.getType());
        assertNull(event.getError());
        assertEquals("user-id", event.getUserId());
        assertEquals(ADDRESS, event.getDetails().get(Details.USERNAME));
        assertEquals(ADDRESS, event.getDetails().get(Details.EMAIL));
        assertEquals("root-id", event.getDetails().get(Details.CODE_ID));
    }

    @Test
    void aRolledBackRequestSendsNothing() throws Exception {
        senders.start(keycloak.factory);

        new ResetEmailAuthenticator(senders, links).authenticate(context(user(ADDRESS)));
        KeycloakTransaction afterCompletion = keycloak.afterCompletion.get(0);
        afterCompletion.begin();
        afterCompletion.rollback();
        Thread.sleep(200);

        assertTrue(keycloak.handed.isEmpty());
        assertTrue(keycloak.events.isEmpty());
    }

    @Test
    void anAccountWithoutAnAddressIsAnInvalidEmailErrorBehindTheSamePage() {
        new ResetEmailAuthenticator(senders, links).authenticate(context(user(" ")));

        assertEquals(List.of(Messages.EMAIL_SENT), pages);
        assertEquals(0, written);
        assertTrue(keycloak.afterCompletion.isEmpty());
        assertEquals(1, keycloak.events.size());
        assertEquals(EventType.RESET_PASSWORD_ERROR, keycloak.events.get(0).getType());
        assertEquals(Errors.INVALID_EMAIL, keycloak.events.get(0).getError());
    }

    @Test
    void backFromTheEmailedLinkTheStepPassesWithoutSendingAgain() {
        notes.put(DefaultActionTokenKey.ACTION_TOKEN_USER_ID, "user-id");

        new ResetEmailAuthenticator(senders, links).authenticate(context(user(ADDRESS)));

        assertEquals(List.of("success"), outcomes);
        assertTrue(pages.isEmpty());
        assertEquals(0, written);
        assertNull(notes.get("END_AFTER_REQUIRED_ACTIONS"), "a local account is not asked to sign in again");
    }

    private static void commit(KeycloakTransaction transaction) {
        transaction.begin();
        transaction.commit();
    }

    private void awaitEvents(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (keycloak.events.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(count, keycloak.events.size(), "events: " + keycloak.events);
    }

    private UserModel user(String email) {
        return Fakes.of(UserModel.class, Map.of(
                "getId", args -> "user-id",
                "getEmail", args -> email,
                "getUsername", args -> email,
                "getFederationLink", args -> null));
    }

    private AuthenticationFlowContext context(UserModel user) {
        RootAuthenticationSessionModel root = Fakes.of(RootAuthenticationSessionModel.class, Map.of("getId", args -> "root-id"));
        AuthenticationSessionModel authSession = Fakes.of(AuthenticationSessionModel.class, Map.of(
                "getAuthNote", args -> notes.get((String) args[0]),
                "setAuthNote", args -> notes.put((String) args[0], (String) args[1]),
                "getParentSession", args -> root));
        // As the reset-credentials endpoint starts it.
        EventBuilder event = new EventBuilder(keycloak.realm, keycloak.session).event(EventType.RESET_PASSWORD);
        return Fakes.of(AuthenticationFlowContext.class, Map.of(
                "getUser", args -> user,
                "getAuthenticationSession", args -> authSession,
                "getEvent", args -> event,
                "getRealm", args -> keycloak.realm,
                "getSession", args -> keycloak.session,
                "forkWithSuccessMessage", args -> pages.add(((FormMessage) args[0]).getMessage()),
                "success", args -> outcomes.add("success")));
    }
}
