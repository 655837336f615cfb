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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP SMS gateway against a local stub of a gateway. */
class HttpSmsGatewayTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NUMBER = "+33612345678";
    private static final String TEXT = "Identité Numérique : votre code de vérification est 482913.";
    private static final String API_KEY = "sms-api-key-for-tests";

    private HttpServer server;
    private final List<HttpExchangeCopy> received = new CopyOnWriteArrayList<>();
    private volatile int status = 202;
    private volatile long delayMillis;

    record HttpExchangeCopy(String method, String path, String authorization, String contentType, String body) {
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/sms", this::gateway);
        server.createContext("/elsewhere", this::gateway);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void gateway(HttpExchange exchange) throws IOException {
        received.add(new HttpExchangeCopy(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("Content-Type"),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        try {
            Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (status == 302) {
            exchange.getResponseHeaders().set("Location", "http://127.0.0.1:" + port() + "/elsewhere");
        }
        // A gateway that echoes the text back in its answer: it must not end up anywhere on our side.
        byte[] body = ("{\"echo\":" + JSON.writeValueAsString(TEXT) + "}").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private int port() {
        return server.getAddress().getPort();
    }

    private HttpSmsGateway gateway(Duration requestTimeout) {
        return new HttpSmsGateway(URI.create("http://127.0.0.1:" + port() + "/v1/sms"), API_KEY, "IDNUM",
                Duration.ofSeconds(1), requestTimeout, JSON);
    }

    private static void assertSaysNothingOfTheMessage(MessageNotSentException e) {
        for (String said : List.of(e.getMessage(), e.reason(), String.valueOf(e.getCause()))) {
            assertFalse(said.contains("482913") || said.contains(NUMBER) || said.contains(API_KEY), said);
        }
        assertEquals(503, e.status());
    }

    @Test
    void postsTheNumberTextAndSenderAsJsonWithTheBearerKey() throws Exception {
        gateway(Duration.ofSeconds(2)).send(NUMBER, TEXT);

        HttpExchangeCopy request = received.get(0);
        assertEquals("POST", request.method());
        assertEquals("/v1/sms", request.path());
        assertEquals("Bearer " + API_KEY, request.authorization());
        assertEquals("application/json", request.contentType());
        assertEquals(JSON.valueToTree(Map.of("to", NUMBER, "text", TEXT, "sender", "IDNUM")), JSON.readTree(request.body()));
    }

    @Test
    void anAnswerOtherThan2xxIsAMessageNotSentThatSaysNothingOfTheMessage() {
        status = 500;

        MessageNotSentException e = assertThrows(MessageNotSentException.class, () -> gateway(Duration.ofSeconds(2)).send(NUMBER, TEXT));

        assertTrue(e.reason().contains("HTTP 500"), e.reason());
        assertSaysNothingOfTheMessage(e);
    }

    @Test
    void aRedirectIsNotFollowedSoTheKeyGoesNowhereElse() {
        status = 302;

        MessageNotSentException e = assertThrows(MessageNotSentException.class, () -> gateway(Duration.ofSeconds(2)).send(NUMBER, TEXT));

        assertTrue(e.reason().contains("HTTP 302"), e.reason());
        assertEquals(List.of("/v1/sms"), received.stream().map(HttpExchangeCopy::path).toList());
    }

    @Test
    void aGatewayThatDoesNotAnswerInTimeFailsInsteadOfHoldingTheCitizen() {
        delayMillis = 3_000;
        long started = System.nanoTime();

        MessageNotSentException e = assertThrows(MessageNotSentException.class, () -> gateway(Duration.ofMillis(300)).send(NUMBER, TEXT));

        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(2)) < 0);
        assertTrue(e.reason().contains("no answer"), e.reason());
        assertSaysNothingOfTheMessage(e);
    }

    @Test
    void anUnreachableGatewayIsAMessageNotSent() {
        HttpSmsGateway gateway = gateway(Duration.ofSeconds(2));
        server.stop(0);

        MessageNotSentException e = assertThrows(MessageNotSentException.class, () -> gateway.send(NUMBER, TEXT));

        assertTrue(e.reason().contains("could not be reached"), e.reason());
        assertSaysNothingOfTheMessage(e);
    }

    @Test
    void theHttpProviderWithoutAUrlOrKeyRefusesToStart() {
        IllegalStateException noUrl = assertThrows(IllegalStateException.class,
                () -> HttpSmsGateway.from(settings(Optional.empty(), Optional.of(API_KEY)), JSON));
        assertTrue(noUrl.getMessage().contains("idnum.messaging.sms.http.url"), noUrl.getMessage());

        IllegalStateException noKey = assertThrows(IllegalStateException.class,
                () -> HttpSmsGateway.from(settings(Optional.of(URI.create("https://sms.example")), Optional.empty()), JSON));
        assertTrue(noKey.getMessage().contains("idnum.messaging.sms.http.api-key"), noKey.getMessage());
    }

    private static MessagingConfig.Sms.Http settings(Optional<URI> url, Optional<String> apiKey) {
        return new MessagingConfig.Sms.Http() {
            public Optional<URI> url() {
                return url;
            }

            public Optional<String> apiKey() {
                return apiKey;
            }

            public String sender() {
                return "IDNUM";
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
