package fr.idnum.keycloak.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EventLogTest {

    private static String line(String key, Object value) {
        StringBuilder line = new StringBuilder();
        EventLog.append(line, key, value);
        return line.toString();
    }

    @Test
    void controlAndBidiCharactersAreWrittenAsEscapes() {
        assertEquals("username=\"a\\u001B[31mb\\u0007c\\u0000d\\u000D\\u000Ae\\u202Ef\"",
                line("username", "a\u001b[31mb\u0007c\u0000d\r\ne\u202Ef"));
    }

    @Test
    void aValueCannotCloseItsQuotesOrForgeAnotherPair() {
        assertEquals("redirect_uri=\"x\\\", error=\\\"none\\\\\"", line("redirect_uri", "x\", error=\"none\\"));
    }

    @Test
    void pairsAreSeparatedAndNullsLeftOut() {
        StringBuilder line = new StringBuilder();
        EventLog.append(line, "type", "LOGIN");
        EventLog.append(line, "userId", null);
        EventLog.append(line, "clientId", "mcf");
        assertEquals("type=\"LOGIN\", clientId=\"mcf\"", line.toString());
    }
}
