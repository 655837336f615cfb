package fr.idnum.enrollment.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The human view of the demo SMS outbox: French, newest first, the code set apart, nothing taken as markup. */
class DemoOutboxPageTest {

    private static final DemoOutboxResource.OutboxSms OLDER = new DemoOutboxResource.OutboxSms(
            Instant.parse("2026-12-03T08:15:00Z"), "+33611000003", "Identité Numérique : votre code est 123456.");
    private static final DemoOutboxResource.OutboxSms NEWER = new DemoOutboxResource.OutboxSms(
            Instant.parse("2026-12-03T08:20:30Z"), "+33611000003", "Votre code d'activation : 654321. Présentez-le au guichet.");

    @Test
    void showsTheNewestSmsFirstWithItsCodeApartInFrench() {
        String page = DemoOutboxPage.sms(List.of(OLDER, NEWER), null);
        assertTrue(page.startsWith("<!DOCTYPE html>\n<html lang=\"fr\">"), page);
        assertTrue(page.contains("<th scope=\"col\">Code</th>"), page);
        assertTrue(page.contains("<td class=\"code\">654321</td>") && page.contains("<td class=\"code\">123456</td>"), page);
        assertTrue(page.indexOf("654321") < page.indexOf("123456"), "newest first:\n" + page);
        // Paris time, French month.
        assertTrue(page.contains("3 décembre 2026 à 09:20:30"), page);
    }

    @Test
    void saysWhenThereIsNothingAndNamesTheNumberAsked() {
        String page = DemoOutboxPage.sms(List.of(), "+33611000004");
        assertTrue(page.contains("<h1>SMS de démonstration envoyés au +33611000004</h1>"), page);
        assertTrue(page.contains("Aucun SMS pour le moment."), page);
        assertFalse(page.contains("<table>"), page);
    }

    @Test
    void escapesWhatTheMessagesHold() {
        var odd = new DemoOutboxResource.OutboxSms(Instant.EPOCH, "+33611000005", "<script>alert(1)</script> & \"code\" 000111");
        String page = DemoOutboxPage.sms(List.of(odd), null);
        assertFalse(page.contains("<script>"), page);
        assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;code&quot; 000111"), page);
    }

    @Test
    void itsOnlyStyleIsAllowedByHashAndNoScriptAtAll() {
        assertTrue(DemoOutboxPage.CONTENT_SECURITY_POLICY.startsWith("default-src 'none'; style-src 'sha256-"));
        assertFalse(DemoOutboxPage.CONTENT_SECURITY_POLICY.contains("unsafe"));
        assertEquals(-1, DemoOutboxPage.sms(List.of(OLDER), null).indexOf(" style="));
    }
}
