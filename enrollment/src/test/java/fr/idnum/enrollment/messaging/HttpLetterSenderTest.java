package fr.idnum.enrollment.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import fr.idnum.enrollment.identity.PostalAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP letter channel against a local stub of a print-and-post provider. */
class HttpLetterSenderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API_KEY = "letter-api-key-for-tests";
    private static final String TEXT = "Votre nouveau code d'activation est : 731902";
    private static final Letter LETTER = new Letter("0b8f5a44-5a7e-4d0c-9f55-2f4a3c1d9e01", "Jean-Pierre Louis CASTELLI",
            new PostalAddress("3 cours Napoléon", "Bâtiment B", "20000", "Ajaccio"), TEXT);

    private HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int status = 201;

    record Received(String method, String path, String authorization, String contentType, String body) {
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/letters", this::provider);
        server.createContext("/elsewhere", this::provider);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void provider(HttpExchange exchange) throws IOException {
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("Content-Type"),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        if (status == 302) {
            exchange.getResponseHeaders().set("Location", "http://127.0.0.1:" + server.getAddress().getPort() + "/elsewhere");
        }
        byte[] body = ("{\"echo\":" + JSON.writeValueAsString(TEXT) + "}").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private HttpLetterSender sender() {
        return new HttpLetterSender(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/letters"), API_KEY,
                "standard", Duration.ofSeconds(1), Duration.ofSeconds(2), JSON);
    }

    private static void assertSaysNothingOfTheLetter(MessageNotSentException e) {
        for (String said : List.of(e.getMessage(), e.reason(), String.valueOf(e.getCause()))) {
            assertFalse(said.contains("731902") || said.contains("Napoléon") || said.contains("CASTELLI")
                    || said.contains(API_KEY), said);
        }
        assertEquals(503, e.status());
    }

    @Test
    void postsTheRecipientTheFrenchAddressAndTheTextAsJsonWithTheBearerKey() throws Exception {
        sender().send(LETTER);

        Received request = received.get(0);
        assertEquals("POST", request.method());
        assertEquals("/v1/letters", request.path());
        assertEquals("Bearer " + API_KEY, request.authorization());
        assertEquals("application/json", request.contentType());
        Map<String, Object> recipient = new java.util.LinkedHashMap<>();
        recipient.put("name", "Jean-Pierre Louis CASTELLI");
        recipient.put("line1", "3 cours Napoléon");
        recipient.put("line2", "Bâtiment B");
        recipient.put("postalCode", "20000");
        recipient.put("city", "Ajaccio");
        recipient.put("country", "FR");
        assertEquals(JSON.valueToTree(Map.of("reference", LETTER.reference(), "recipient", recipient, "text", TEXT,
                "postage", "standard")), JSON.readTree(request.body()));
    }

    @Test
    void anAnswerOtherThan2xxIsAMessageNotSentThatSaysNothingOfTheLetter() {
        status = 422;

        MessageNotSentException e = assertThrows(MessageNotSentException.class, () -> sender().send(LETTER));

        assertTrue(e.reason().contains("HTTP 422"), e.reason());
        assertSaysNothingOfTheLetter(e);
    }

    @Test
    void aRedirectIsNotFollowedSoTheKeyGoesNowhereElse() {
        status = 302;

        assertThrows(MessageNotSentException.class, () -> sender().send(LETTER));

        assertEquals(List.of("/v1/letters"), received.stream().map(Received::path).toList());
    }

    @Test
    void anUnreachableProviderIsAMessageNotSent() {
        HttpLetterSender sender = sender();
        server.stop(0);

        MessageNotSentException e = assertThrows(MessageNotSentException.class, () -> sender.send(LETTER));

        assertTrue(e.reason().contains("could not be reached"), e.reason());
        assertSaysNothingOfTheLetter(e);
    }

    @Test
    void theLetterNeverShowsItsTextInALogLine() {
        assertFalse(LETTER.toString().contains("731902"), LETTER.toString());
    }

    @Test
    void theHttpProviderWithoutAUrlOrKeyRefusesToStart() {
        IllegalStateException noUrl = assertThrows(IllegalStateException.class,
                () -> HttpLetterSender.from(settings(Optional.empty(), Optional.of(API_KEY)), JSON));
        assertTrue(noUrl.getMessage().contains("IDNUM_LETTER_URL"), noUrl.getMessage());

        IllegalStateException noKey = assertThrows(IllegalStateException.class,
                () -> HttpLetterSender.from(settings(Optional.of(URI.create("https://letters.example")), Optional.empty()), JSON));
        assertTrue(noKey.getMessage().contains("IDNUM_LETTER_API_KEY"), noKey.getMessage());
    }

    private static MessagingConfig.Letter.Http settings(Optional<URI> url, Optional<String> apiKey) {
        return new MessagingConfig.Letter.Http() {
            public Optional<URI> url() {
                return url;
            }

            public Optional<String> apiKey() {
                return apiKey;
            }

            public String postage() {
                return "standard";
            }

            public Duration connectTimeout() {
                return Duration.ofSeconds(1);
            }

            public Duration requestTimeout() {
                return Duration.ofSeconds(1);
            }
        };
    }
}
