package fr.idnum.keycloak.events;

import java.util.Map;
import java.util.TreeMap;

import fr.idnum.protocol.PrintableText;
import org.jboss.logging.Logger;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;

/**
 * The realm's events in the log, one line each, every value written through {@link PrintableText#forLog}: a client
 * id, redirect URI or username sent with ESC, BEL, NUL, CR LF or a bidi override reaches the log escaped (as the six
 * characters backslash, u, 0, 0, 1, B), so it can neither forge a line, drive the terminal of whoever reads it, nor
 * read other than it is.
 * Keycloak's own {@code jboss-logging} listener escapes line breaks only. Same levels as that listener: errors at
 * WARN, the rest at DEBUG (category {@code fr.idnum.events}).
 */
final class EventLog implements EventListenerProvider {

    static final Logger LOG = Logger.getLogger("fr.idnum.events");

    @Override
    public void onEvent(Event event) {
        boolean error = event.getError() != null;
        if (!(error ? LOG.isEnabled(Logger.Level.WARN) : LOG.isDebugEnabled())) {
            return;
        }
        StringBuilder line = new StringBuilder(256);
        append(line, "type", event.getType());
        append(line, "realmId", event.getRealmId());
        append(line, "clientId", event.getClientId());
        append(line, "userId", event.getUserId());
        append(line, "sessionId", event.getSessionId());
        append(line, "ipAddress", event.getIpAddress());
        append(line, "error", event.getError());
        details(line, event.getDetails());
        LOG.log(error ? Logger.Level.WARN : Logger.Level.DEBUG, line.toString());
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        boolean error = event.getError() != null;
        if (!(error ? LOG.isEnabled(Logger.Level.WARN) : LOG.isDebugEnabled())) {
            return;
        }
        StringBuilder line = new StringBuilder(256);
        append(line, "operationType", event.getOperationType());
        append(line, "realmId", event.getRealmId());
        if (event.getAuthDetails() != null) {
            append(line, "clientId", event.getAuthDetails().getClientId());
            append(line, "userId", event.getAuthDetails().getUserId());
            append(line, "ipAddress", event.getAuthDetails().getIpAddress());
        }
        append(line, "resourceType", event.getResourceTypeAsString());
        append(line, "resourcePath", event.getResourcePath());
        append(line, "error", event.getError());
        details(line, event.getDetails());
        LOG.log(error ? Logger.Level.WARN : Logger.Level.DEBUG, line.toString());
    }

    private static void details(StringBuilder line, Map<String, String> details) {
        if (details != null) {
            new TreeMap<>(details).forEach((key, value) -> append(line, key, value));
        }
    }

    /** {@code key="value"}; quotes and backslashes in the value escaped, so a value cannot end its own quotes. */
    static void append(StringBuilder line, String key, Object value) {
        if (value == null) {
            return;
        }
        if (!line.isEmpty()) {
            line.append(", ");
        }
        line.append(PrintableText.forLog(key)).append("=\"");
        String text = String.valueOf(value).replace("\\", "\\\\").replace("\"", "\\\"");
        line.append(PrintableText.forLog(text));
        line.append('"');
    }

    @Override
    public void close() {
        // Stateless.
    }
}
