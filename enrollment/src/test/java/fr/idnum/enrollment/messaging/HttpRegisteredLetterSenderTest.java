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
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registered electronic letter channel against a local stub of a qualified provider. */
class HttpRegisteredLetterSenderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API_KEY = "registered-letter-api-key-for-tests";
    private static final String TEXT = "Votre code d'activation est : 604217";
    private static final RegisteredLetter LETTER = new RegisteredLetter("5d0c8f6e-1b0a-4c55-9a7e-3f1e2d4c6b80",
            "ange.paoli@example.fr", new RegisteredLetter.Addressee("Ange Marie", "PAOLI", LocalDate.of(1990, 6, 15)),
            "Votre code d'activation", TEXT);

    private HttpServer server;
    private final List<String[]> received = new CopyOnWriteArrayList<>();
    private volatile int status = 201;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/registered-letters", this::provider);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void provider(HttpExchange exchange) throws IOException {
        received.add(new String[] {exchange.getRequestHeaders().getFirst("Authorization"),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)});
        byte[] body = ("{\"echo\":" + JSON.writeValueAsString(TEXT) + "}").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private HttpRegisteredLetterSender sender() {
        return new HttpRegisteredLetterSender(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/registered-letters"),
                API_KEY, Duration.ofSeconds(1), Duration.ofSeconds(2), JSON);
    }

    @Test
    void asksTheProviderToOpenTheLetterOnlyToTheIdentifiedAddressee() throws Exception {
        sender().send(LETTER);

        assertEquals("Bearer " + API_KEY, received.get(0)[0]);
        assertEquals(JSON.valueToTree(Map.of(
                "reference", LETTER.reference(),
                "recipient", Map.of("email", "ange.paoli@example.fr", "given_names", "Ange Marie", "birth_name", "PAOLI",
                        "birth_date", "1990-06-15"),
                "identification", "required",
                "subject", "Votre code d'activation",
                "text", TEXT)), JSON.readTree(received.get(0)[1]));
    }

    @Test
    void aRefusalIsAMessageNotSentThatSaysNothingOfTheLetterNorItsAddressee() {
        status = 500;

        MessageNotSentException e = assertThrows(MessageNotSentException.class, () -> sender().send(LETTER));

        assertEquals(503, e.status());
        assertTrue(e.reason().contains("HTTP 500"), e.reason());
        for (String said : List.of(e.getMessage(), e.reason(), LETTER.toString(), LETTER.addressee().toString())) {
            assertFalse(said.contains("604217") || said.contains("PAOLI") || said.contains("ange.paoli") || said.contains(API_KEY), said);
        }
    }

    @Test
    void theHttpProviderWithoutAUrlOrKeyRefusesToStart() {
        IllegalStateException noUrl = assertThrows(IllegalStateException.class, () -> HttpRegisteredLetterSender.from(
                settings(java.util.Optional.empty(), java.util.Optional.of(API_KEY)), JSON));
        assertTrue(noUrl.getMessage().contains("IDNUM_REGISTERED_LETTER_URL"), noUrl.getMessage());
        IllegalStateException noKey = assertThrows(IllegalStateException.class, () -> HttpRegisteredLetterSender.from(
                settings(java.util.Optional.of(URI.create("https://erds.example")), java.util.Optional.empty()), JSON));
        assertTrue(noKey.getMessage().contains("IDNUM_REGISTERED_LETTER_API_KEY"), noKey.getMessage());
    }

    private static MessagingConfig.RegisteredLetter.Http settings(java.util.Optional<URI> url, java.util.Optional<String> key) {
        return new MessagingConfig.RegisteredLetter.Http() {
            @Override
            public java.util.Optional<URI> url() {
                return url;
            }

            @Override
            public java.util.Optional<String> apiKey() {
                return key;
            }

            @Override
            public Duration connectTimeout() {
                return Duration.ofSeconds(1);
            }

            @Override
            public Duration requestTimeout() {
                return Duration.ofSeconds(1);
            }
        };
    }
}
