package fr.idnum.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.idnum.testsupport.CampaignTally;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class PrintableTextTest {

    /** One case per hostile text checked, for the campaign's totals (issue 14); the texts accepted are not counted. */
    private static final CampaignTally TALLY = new CampaignTally();

    @AfterAll
    static void tally() {
        TALLY.write(PrintableTextTest.class);
    }

    @Test
    void refusesControlCharactersBidiControlsAndLineSeparators() {
        for (String text : new String[] {"a\u0000", "a\u0007", "a\u001b[2J", "a\r\nb", "a\tb", "a\u007f", "a\u0085",
                "a\u202eb", "a\u202ab", "a\u2066b", "a\u2069", "a\u2028b", "a\u2029b"}) {
            assertFalse(PrintableText.isPrintable(text), () -> "refused: " + PrintableText.forLog(text));
            TALLY.cases(1);
        }
    }

    @Test
    void acceptsWhatPeopleReallyType() {
        for (String text : new String[] {"12 rue de l’Église", "Jean-Pierre O'Neil", "Téléphone de Zoé 🙂",
                "ticket\u00a0#4711", "Ærøskøbing", "محمد", "", null}) {
            assertTrue(PrintableText.isPrintable(text), text);
        }
    }

    @Test
    void writesRefusedCharactersAsEscapesInALogLine() {
        assertEquals("stolen\\u001B[31m\\u0007\\u0000 \\u202Eabc\\u000D\\u000Aforged", PrintableText.forLog(
                "stolen\u001b[31m\u0007\u0000 \u202eabc\r\nforged"));
        TALLY.cases(1);
        assertEquals("Zoé", PrintableText.forLog("Zoé"));
        assertEquals("null", PrintableText.forLog(null));
    }

    @Test
    void aPushTokenIsWhatFcmIssues() {
        assertTrue("dGVzdA:APA91bH-x_y".matches(DeviceClaims.PUSH_TOKEN_PATTERN));
        assertFalse("<script>".matches(DeviceClaims.PUSH_TOKEN_PATTERN));
        assertFalse("abc\r\nX-Injected: 1".matches(DeviceClaims.PUSH_TOKEN_PATTERN));
        TALLY.cases(2);
    }
}
