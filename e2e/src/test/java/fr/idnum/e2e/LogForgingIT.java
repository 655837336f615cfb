package fr.idnum.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.idnum.e2e.support.Browser;
import fr.idnum.e2e.support.IdnumRealmConfig;
import fr.idnum.e2e.support.IdnumServerConfig;
import fr.idnum.e2e.support.KeycloakLog;
import fr.idnum.e2e.support.Login;
import fr.idnum.e2e.support.QueryString;
import fr.idnum.e2e.support.RelyingParty;
import fr.idnum.e2e.support.TestEnvironment;
import fr.idnum.testsupport.CampaignTally;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.injection.LifeCycle;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Log forging (issue 14): control characters (ESC, BEL, NUL, CR LF) and bidirectional overrides typed as an
 * identifier or sent as OpenID Connect parameters never make Keycloak's log lie. Keycloak writes its log as JSON, as
 * production does ({@code KC_LOG_CONSOLE_OUTPUT=json} in docker/compose.yaml; {@code log-file-output=json} here):
 * every line is one JSON record, in which control characters are escaped. Our identifier step refuses an identifier
 * holding any of them before it reaches an event (a NUL does not even get there: the form body holding it is refused
 * first), and the realm's event log ({@code idnum-logging}) escapes bidi
 * controls and the rest in every event detail, where Keycloak's own {@code jboss-logging} listener escaped line
 * breaks only.
 */
@KeycloakIntegrationTest(config = IdnumServerConfig.class)
class LogForgingIT {

    /** What each hostile value carries; the marker finds its lines in the log. */
    private static final Map<String, String> HOSTILE = new LinkedHashMap<>();

    static {
        HOSTILE.put("ESC", "\u001b[31mALERTE\u001b[0m");
        HOSTILE.put("BEL", "a\u0007b");
        HOSTILE.put("NUL", "x\u0000y");
        HOSTILE.put("CR LF", "z\r\n2026-12-03 09:00:00,000 INFO  [org.keycloak.events] type=\"LOGIN\" forged");
        HOSTILE.put("U+202E", "moc.elpmaxe\u202E@nimda");
        HOSTILE.put("U+2066", "\u2066isolé\u2069");
        HOSTILE.put("U+2028", "l\u2028m");
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final CampaignTally TALLY = new CampaignTally();

    @InjectRealm(config = IdnumRealmConfig.class, lifecycle = LifeCycle.GLOBAL)
    ManagedRealm realm;

    private final RelyingParty rp = RelyingParty.monCompteFormation();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void hostileIdentifiersAndParametersLeaveOnlyWellFormedEscapedLogLines() throws Exception {
        long start = KeycloakLog.end();
        Map<String, String> markers = new LinkedHashMap<>();
        for (Map.Entry<String, String> hostile : HOSTILE.entrySet()) {
            String marker = "forge" + Long.toHexString(System.nanoTime());
            markers.put(hostile.getKey(), marker);
            String identifier = marker + hostile.getValue() + "@exemple.fr";

            for (String level : List.of("eidas1", "eidas2")) {
                Browser.Result page = Login.identifier(new Browser(), rp.authorize("openid").acrValues(level).uri(), identifier);
                if (hostile.getKey().equals("NUL")) {
                    // No keyboard types it: a form body holding a NUL is refused before Keycloak reads it
                    // (MalformedFormFilter), so it reaches no step and no event.
                    TALLY.answered(page.status());
                    assertEquals(400, page.status(), "NUL at " + level + ": " + page.response().body());
                    assertTrue(page.response().body().contains("\"invalid_request\""), page.response().body());
                    continue;
                }
                assertEquals(200, page.status(), hostile.getKey() + " at " + level);
                // Refused on the identifier page itself, as an identifier no account has: no password page, no push.
                TALLY.answered(page.status());
                Login.assertPage(page, "username");
                assertTrue(page.page().selectFirst("input[name=password]") == null, hostile.getKey() + " at " + level);
                assertTrue(page.page().text().contains("Nous n’avons pas pu vous connecter"),
                        hostile.getKey() + " at " + level + ": " + page.page().text());
            }

            // Keycloak's own endpoints, fed the same characters in the parameters its events record.
            URI authorize = rp.authorize("openid").acrValues("eidas1").uri();
            assertBelow500(get(QueryString.with(authorize, "client_id", marker + hostile.getValue())), "client_id " + hostile.getKey());
            assertBelow500(get(QueryString.with(authorize, "redirect_uri", rp.redirectUri() + "/" + marker + hostile.getValue())),
                    "redirect_uri " + hostile.getKey());
            assertBelow500(post(URI.create(TestEnvironment.ISSUER + "/protocol/openid-connect/token"),
                    "grant_type=authorization_code&code=" + encode(marker + hostile.getValue())
                            + "&client_id=" + encode(marker + hostile.getValue()) + "&client_secret=x&redirect_uri=x"),
                    "token " + hostile.getKey());
        }

        List<String> lines = KeycloakLog.linesSince(start);
        assertFalse(lines.isEmpty(), "Keycloak wrote nothing during the test");
        int forgedLines = 0;
        int rawControls = 0;
        int unparsable = 0;
        int mentions = 0;
        List<String> offending = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("2026-12-03 09:00:00,000")) {
                forgedLines++;
            }
            if (hasRawControl(line)) {
                rawControls++;
                offending.add(visible(line));
            }
            JsonNode record;
            try {
                record = JSON.readTree(line);
            } catch (IOException notJson) {
                unparsable++;
                offending.add("not JSON: " + visible(line));
                continue;
            }
            String message = record.path("message").asText("");
            if (markers.values().stream().anyMatch(message::contains)) {
                mentions++;
                if (hasRawControl(message)) {
                    rawControls++;
                    offending.add("message: " + visible(message));
                }
            }
        }
        System.out.printf("[log forging] %d hostile values x 5 requests; %d new log lines, %d mention a hostile value;"
                + " forged lines %d, lines with a raw control or bidi character %d, lines that are not one JSON record %d%n",
                HOSTILE.size(), lines.size(), mentions, forgedLines, rawControls, unparsable);
        assertTrue(mentions > 0, "the hostile requests left no event line: the test proves nothing");
        assertEquals(0, forgedLines);
        assertEquals(List.of(), offending);
        // Our identifier step writes what was typed escaped (PrintableText.forLog), so an auditor can still read it.
        assertTrue(lines.stream().anyMatch(l -> l.contains(markers.get("U+202E")) && l.contains("\\\\u202E")),
                "the refused identifier is not in the log, escaped");
    }

    /**
     * Keycloak 26.7.3 looks a client up by the {@code client_id} of a token request in PostgreSQL before any check of
     * its characters, and PostgreSQL refuses a NUL byte: it was HTTP 500 {@code unknown_error} and an ERROR line with
     * the SQL text (KC-SERVICES0015). Our {@code MalformedFormFilter} refuses a form body holding a NUL before
     * Keycloak reads it (docs/security-tests.md).
     */
    @Test
    void aNulByteInTheClientIdOfATokenRequestIsAnInvalidRequest() throws Exception {
        long start = KeycloakLog.end();
        HttpResponse<String> response = post(URI.create(TestEnvironment.ISSUER + "/protocol/openid-connect/token"),
                "grant_type=authorization_code&code=x&client_id=" + encode("mcf\u0000") + "&client_secret=x&redirect_uri=x");
        TALLY.answered(response.statusCode());
        System.out.printf("[log forging] token endpoint, client_id with NUL: HTTP %d %s%n", response.statusCode(), response.body());
        assertEquals(400, response.statusCode(), response.body());
        assertEquals("invalid_request", JSON.readTree(response.body()).path("error").asText());
        List<String> lines = KeycloakLog.linesSince(start);
        assertEquals(List.of(), lines.stream().filter(line -> KeycloakLog.isError(line) || line.contains("invalid byte sequence"))
                .toList(), "no ERROR and no SQL text in Keycloak's log");
    }

    /**
     * Keycloak 26.7 logs an {@code AUTH_SESSION_ID} cookie it cannot decode at ERROR, raw, with a stack trace, and the
     * decoded id of one whose signature fails at ERROR too ({@code AuthenticationSessionManager}): a client could write
     * into its log through the cookie. Our {@code AuthSessionCookieFilter} drops a cookie Keycloak could not have set:
     * the sign-in starts as for a new browser and nothing of the cookie reaches the log. A cookie of the right shape
     * with a wrong signature still gets Keycloak's ERROR line (an id in its alphabet, nothing forged): measured.
     */
    @Test
    void aMalformedAuthSessionCookieStartsAFreshSignInAndLeavesNothingInTheLog() throws Exception {
        long start = KeycloakLog.end();
        String marker = "forge" + Long.toHexString(System.nanoTime());
        Map<String, String> cookies = new LinkedHashMap<>();
        cookies.put("not Base64url", marker + "*not-base64!");
        cookies.put("an escape sequence once decoded", base64Url(marker + "\u001b[2J\u001b[31m.c2ln"));
        cookies.put("a bidi override once decoded", base64Url(marker + "\u202e.c2ln"));
        // A signature that is not Base64url: Keycloak's check throws and it logs the decoded id, raw, at ERROR.
        cookies.put("an escape sequence in an id whose signature is not Base64url", base64Url(marker + "\u001b[2J.!*!"));
        for (Map.Entry<String, String> cookie : cookies.entrySet()) {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(rp.authorize("openid").acrValues("eidas1").uri())
                    .header("Cookie", "AUTH_SESSION_ID=" + cookie.getValue()).GET().build(), HttpResponse.BodyHandlers.ofString());
            TALLY.answered(page.statusCode());
            assertEquals(200, page.statusCode(), cookie.getKey() + ": " + page.body());
            assertTrue(page.body().contains("name=\"username\""), cookie.getKey() + ": the identifier page, as for a new browser");
        }
        List<String> lines = KeycloakLog.linesSince(start);
        assertEquals(List.of(), lines.stream().filter(line -> line.contains(marker) || KeycloakLog.isError(line)).toList(),
                "nothing of the cookies and no ERROR in Keycloak's log");

        // The right shape, a wrong signature: Keycloak's own ERROR line, with an id in the Base64url alphabet.
        long before = KeycloakLog.end();
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(rp.authorize("openid").acrValues("eidas1").uri())
                .header("Cookie", "AUTH_SESSION_ID=" + base64Url(marker + ".c2lnbmF0dXJl")).GET().build(), HttpResponse.BodyHandlers.ofString());
        TALLY.answered(forged.statusCode());
        assertEquals(200, forged.statusCode(), forged.body());
        System.out.printf("[log forging] AUTH_SESSION_ID of the right shape, wrong signature: HTTP %d, %d ERROR line(s) from Keycloak%n",
                forged.statusCode(), KeycloakLog.linesSince(before).stream().filter(KeycloakLog::isError).count());
    }

    private static String base64Url(String text) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @AfterAll
    static void tally() {
        TALLY.write(LogForgingIT.class);
    }

    private static void assertBelow500(HttpResponse<String> response, String what) {
        TALLY.answered(response.statusCode());
        assertTrue(response.statusCode() < 500, what + ": HTTP " + response.statusCode() + " " + response.body());
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(URI uri, String form) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static boolean hasRawControl(String text) {
        return text.codePoints().anyMatch(c -> Character.isISOControl(c)
                || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029);
    }

    private static String visible(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(400).forEach(c -> {
            if (Character.isISOControl(c) || (c >= 0x2028 && c <= 0x2069)) {
                out.append(String.format("<U+%04X>", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
