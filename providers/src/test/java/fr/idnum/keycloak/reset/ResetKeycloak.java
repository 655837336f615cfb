package fr.idnum.keycloak.reset;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import fr.idnum.keycloak.push.Fakes;
import io.opentelemetry.api.trace.Span;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailSenderProvider;
import org.keycloak.events.Event;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.KeycloakTransaction;
import org.keycloak.models.KeycloakTransactionManager;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RealmProvider;
import org.keycloak.tracing.TracingProvider;

/**
 * Just enough of a Keycloak session for the reset step's units: one realm, an SMTP hand-over that records or fails,
 * and an event store that keeps what it is given.
 */
final class ResetKeycloak {

    static final String REALM_ID = "realm-id";

    /** What the SMTP server was handed: address, subject, text body. */
    record Handed(String address, String subject, String textBody) {
    }

    final List<Handed> handed = new CopyOnWriteArrayList<>();
    final List<Event> events = new CopyOnWriteArrayList<>();
    final List<KeycloakTransaction> afterCompletion = new CopyOnWriteArrayList<>();
    EmailException smtpFailure;
    RealmModel contextRealm;

    final RealmModel realm = Fakes.of(RealmModel.class, Map.of(
            "getId", args -> REALM_ID,
            "getName", args -> "idnum",
            "isEventsEnabled", args -> true,
            "getEventsListenersStream", args -> Stream.empty(),
            "getEnabledEventTypesStream", args -> Stream.empty(),
            "getSmtpConfig", args -> Map.of("host", "smtp.test")));

    private final EmailSenderProvider smtp = Fakes.of(EmailSenderProvider.class, Map.of(
            "send", args -> {
                if (smtpFailure != null) {
                    throw smtpFailure;
                }
                handed.add(new Handed((String) args[1], (String) args[2], (String) args[3]));
                return null;
            }));

    private final EventStoreProvider store = Fakes.of(EventStoreProvider.class, Map.of(
            "onEvent", args -> {
                if (args.length == 1 && args[0] instanceof Event event) {
                    events.add(event);
                }
                return null;
            }));

    /** Error events are stored in a transaction of their own: here, in the same stand-in session. */
    final KeycloakSessionFactory factory = Fakes.of(KeycloakSessionFactory.class, Map.of(
            "getProviderFactoriesStream", args -> Stream.empty(),
            "create", args -> this.session));

    private final KeycloakTransactionManager transactions = Fakes.of(KeycloakTransactionManager.class, Map.of(
            "begin", args -> null,
            "isActive", args -> true,
            "getRollbackOnly", args -> false,
            "setRollbackOnly", args -> null,
            "commit", args -> null,
            "enlistAfterCompletion", args -> afterCompletion.add((KeycloakTransaction) args[0])));

    private final TracingProvider tracing = Fakes.of(TracingProvider.class, Map.of(
            "getCurrentSpan", args -> Span.getInvalid()));

    private final KeycloakContext context = Fakes.of(KeycloakContext.class, Map.of(
            "setRealm", args -> {
                contextRealm = (RealmModel) args[0];
                return null;
            },
            "getRealm", args -> contextRealm,
            "getClient", args -> null,
            "setClient", args -> null));

    final KeycloakSession session = session();

    private KeycloakSession session() {
        Map<String, Fakes.Answer> answers = new HashMap<>();
        answers.put("realms", args -> Fakes.of(RealmProvider.class, Map.of(
                "getRealm", a -> REALM_ID.equals(a[0]) ? realm : null)));
        answers.put("getContext", args -> context);
        answers.put("getKeycloakSessionFactory", args -> factory);
        answers.put("getTransactionManager", args -> transactions);
        answers.put("getAttribute", args -> null);
        answers.put("setAttribute", args -> null);
        answers.put("removeAttribute", args -> null);
        answers.put("close", args -> null);
        answers.put("getProvider", args -> {
            if (args[0] == EmailSenderProvider.class) {
                return smtp;
            }
            if (args[0] == EventStoreProvider.class) {
                return store;
            }
            if (args[0] == TracingProvider.class) {
                return tracing;
            }
            return null;
        });
        return Fakes.of(KeycloakSession.class, answers);
    }
}
