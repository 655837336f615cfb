package fr.idnum.keycloak.form;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import fr.idnum.keycloak.form.UrlEncodedForm.Defect;
import fr.idnum.testsupport.CampaignTally;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class UrlEncodedFormTest {

    /** This class's counts for the campaign's totals (docs/security-tests.md): one case per body refused. */
    private static final CampaignTally TALLY = new CampaignTally();

    @AfterAll
    static void tally() {
        TALLY.write(UrlEncodedFormTest.class);
    }

    @Test
    void acceptsWhatFormsReallyCarry() {
        for (String body : List.of(
                "",
                "grant_type=authorization_code&code=abc.def-ghi_jkl~&redirect_uri=https%3A%2F%2Frp.example%2Fcb",
                "username=marie+dupont&password=a%2Bb+c%2bd",       // '+' is a space, %2B a plus, either hex case
                "given_name=%C3%89lo%C3%AFse&city=Saint-%C3%89tienne", // two-byte UTF-8
                "label=%E2%82%AC%E2%80%AF%F0%9F%98%80",             // three and four bytes: €, NNBSP, an emoji
                "client_id=&state=&empty",                          // empty values and a name alone
                "a=%7E%21%2A%27%28%29%3B%3A%40%26%3D%2B%24%2C%2F%3F%25%23%5B%5D",
                "SAMLResponse=PHNhbWw%2B%0D%0AZm9v%09", // CR LF and TAB: SAML's base64 line breaks, a textarea
                "x=%7F&y=%1B")) {                                   // other controls: each endpoint's business
            assertEquals(Optional.empty(), check(body, true), body);
        }
    }

    @Test
    void refusesEveryBadPercentEscapeWhereverItIs() {
        for (String body : List.of("grant_type=%zz", "client_id=%zz", "a=%", "a=b%", "a=%z", "a=%2", "a=%2g", "%=a",
                "a=b&%G0=c", "a=%%41", "a=%+1", "a=% 1", "a=%\u00e91")) {
            assertRefused(body, Defect.BAD_PERCENT_ESCAPE);
        }
    }

    @Test
    void refusesANulEncodedOrRaw() {
        for (String body : List.of("client_id=mcf%00", "client_id=%00mcf", "%00=x", "client_id=mcf\u0000")) {
            assertRefused(body, Defect.NUL);
        }
    }

    @Test
    void refusesWhatIsNotWellFormedUtf8OnceDecoded() {
        Map<String, String> notUtf8 = Map.ofEntries(
                Map.entry("a=%C3%28", "a lead byte followed by ASCII"),
                Map.entry("a=%C3", "a sequence cut by the end of the body"),
                Map.entry("a=%C3&b=%A9", "a sequence cut by the separator"),
                Map.entry("a=%C3%3D%A9", "an encoded '=' inside a sequence"),
                Map.entry("a=%A9", "a continuation byte first"),
                Map.entry("a=%C0%AE", "an overlong '.' (path traversal's favourite)"),
                Map.entry("a=%E0%80%AF", "an overlong '/' on three bytes"),
                Map.entry("a=%F0%80%80%AF", "an overlong '/' on four bytes"),
                Map.entry("a=%ED%A0%80", "a UTF-16 surrogate"),
                Map.entry("a=%F4%90%80%80", "above U+10FFFF"),
                Map.entry("a=%F5%80%80%80", "a lead byte no sequence has"),
                Map.entry("a=%FF", "0xFF"),
                Map.entry("a=caf\u00e9", "a raw Latin-1 byte"));
        notUtf8.forEach((body, what) -> assertRefused(body, Defect.NOT_UTF8, what));
    }

    @Test
    void aRawUtf8ByteIsAcceptedLikeItsEscape() {
        // No browser sends it, but the parser decodes it as UTF-8 too: nothing to refuse.
        byte[] body = "city=Saint-\u00c9tienne".getBytes(StandardCharsets.UTF_8);
        assertEquals(Optional.empty(), UrlEncodedForm.defectOf(body, body.length, true));
    }

    @Test
    void inAnotherCharsetOnlyEscapesAndNulAreChecked() {
        assertEquals(Optional.empty(), check("name=%E9l%E8ve", false), "Latin-1 é and è");
        assertRefused("name=%E9l%zz", Defect.BAD_PERCENT_ESCAPE, false);
        assertRefused("name=%E9%00", Defect.NUL, false);
    }

    @Test
    void theFirstDefectIsTheOneNamed() {
        assertRefused("a=%00&b=%zz", Defect.NUL);
        assertRefused("a=%zz&b=%00", Defect.BAD_PERCENT_ESCAPE);
    }

    @Test
    void onlyTheGivenLengthIsRead() {
        byte[] buffer = "a=b%zz".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(Optional.empty(), UrlEncodedForm.defectOf(buffer, 3, true));
        assertEquals(Optional.of(Defect.BAD_PERCENT_ESCAPE), UrlEncodedForm.defectOf(buffer, 5, true), "'%z' at the end");
    }

    /** {@code body} as bytes on the wire: each char one byte (the tests write a raw byte as {@code \}{@code u00XX}). */
    private static Optional<Defect> check(String body, boolean utf8) {
        byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
        return UrlEncodedForm.defectOf(bytes, bytes.length, utf8);
    }

    private static void assertRefused(String body, Defect expected) {
        assertRefused(body, expected, true);
    }

    private static void assertRefused(String body, Defect expected, boolean utf8) {
        assertEquals(Optional.of(expected), check(body, utf8), body);
        TALLY.cases(1);
    }

    private static void assertRefused(String body, Defect expected, String what) {
        assertEquals(Optional.of(expected), check(body, true), what + ": " + body);
        TALLY.cases(1);
    }
}
