package fr.idnum.demorp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The service's own answers, with no OpenID Provider listening (its issuer points at a closed port). */
class DemoRelyingPartyTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private DemoRelyingParty service;

    @BeforeEach
    void start() throws IOException {
        int closedPort = freePort();
        int port = freePort();
        service = DemoRelyingParty.start(new Settings(URI.create("http://127.0.0.1:" + closedPort + "/realms/idnum"),
                "mon-compte-formation", "test-secret", URI.create("http://127.0.0.1:" + port + "/login/callback"),
                URI.create("http://127.0.0.1:" + port + "/")));
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void theHomePageIsInFrenchWithTheButton() throws Exception {
        HttpResponse<String> home = get("/");
        assertEquals(200, home.statusCode());
        assertTrue(home.body().contains("<html lang=\"fr\">"), home.body());
        assertTrue(home.body().contains("id=\"idnum-button\""), home.body());
    }

    @Test
    void englishOnRequest() throws Exception {
        assertTrue(get("/?lang=en").body().contains("Sign in with Identité Numérique"));
    }

    @Test
    void refusesAnAnswerItDidNotAskFor() throws Exception {
        HttpResponse<String> callback = get("/login/callback?code=stolen&state=guessed&iss=x");
        assertEquals(403, callback.statusCode());
        assertTrue(callback.body().contains("Connexion refusée"), callback.body());
        assertTrue(callback.body().contains("ne correspond à aucune demande de connexion en cours"), callback.body());
    }

    @Test
    void saysSoWhenTheProviderDoesNotAnswer() throws Exception {
        HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(service.home().resolve("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("level=eidas2")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(503, signIn.statusCode());
        assertTrue(signIn.body().contains("L'Identité Numérique ne répond pas".replace("'", "&#39;")), signIn.body());
    }

    @Test
    void theClaimsPageNeedsASignIn() throws Exception {
        assertEquals(401, get("/compte").statusCode());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(service.home().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
