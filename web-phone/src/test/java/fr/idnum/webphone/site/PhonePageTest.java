package fr.idnum.webphone.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.sun.net.httpserver.HttpServer;
import fr.idnum.webphone.WebPhoneSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PhonePageTest {

    private HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", new PhonePage(new WebPhoneSettings(URI.create("http://localhost:8080/realms/idnum"),
                URI.create("http://localhost:8081"), URI.create("http://localhost:8083/callback"))));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesThePageOnItsHomeAndItsRedirectUriUnderAStrictPolicy() throws Exception {
        for (String path : new String[] {"/", "/callback"}) {
            HttpResponse<String> page = get(path);
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<html lang=\"fr\">"));
            assertEquals(PhonePage.CONTENT_SECURITY_POLICY, page.headers().firstValue("Content-Security-Policy").orElseThrow());
            assertTrue(PhonePage.CONTENT_SECURITY_POLICY.contains("script-src 'self';")
                    && !PhonePage.CONTENT_SECURITY_POLICY.contains("unsafe"), "no inline script or style, no eval");
            assertTrue(!page.body().contains("<script>") && !page.body().contains(" style=")
                            && !java.util.regex.Pattern.compile("\\son[a-z]+=").matcher(page.body()).find(),
                    "the page itself has no inline script, style or handler");
        }
    }

    @Test
    void tellsThePageWhereTheRealmIsAndServesOnlyItsOwnFiles() throws Exception {
        HttpResponse<String> config = get("/config.json");
        assertEquals("{\"issuer\":\"http://localhost:8080/realms/idnum\",\"clientId\":\"idnum-app\","
                + "\"redirectUri\":\"http://localhost:8083/callback\","
                + "\"smsOutbox\":\"http://localhost:8081/api/v1/demo/outbox/sms\"}", config.body());
        assertEquals(200, get("/assets/app.js").statusCode());
        assertEquals("text/javascript; charset=utf-8", get("/assets/jose.js").headers().firstValue("Content-Type").orElseThrow());
        for (String path : new String[] {"/assets/../WebPhone.class", "/assets/index.html", "/fr/idnum/webphone/site/app.js", "/favicon.ico"}) {
            assertEquals(404, get(path).statusCode(), path);
        }
    }

    @Test
    void theCountryPickersCarryNoListOfTheirOwnButLoadTheEnrollmentServices() throws Exception {
        String page = get("/").body();
        for (String picker : new String[] {"birthCountry", "nationality"}) {
            var select = java.util.regex.Pattern.compile("<select id=\"" + picker + "\"[^>]*>(.*?)</select>",
                    java.util.regex.Pattern.DOTALL).matcher(page);
            assertTrue(select.find(), picker + " is a picker, not a code to type");
            // France only, chosen until the list arrives: the 255 codes and their names live in the enrollment service.
            assertEquals("<option value=\"99100\">France</option>", select.group(1).trim());
        }
        String script = get("/assets/api.js").body();
        assertTrue(script.contains("'/enrollment/api/v1/reference/countries'"), "the page asks the service for the list");
    }
}
