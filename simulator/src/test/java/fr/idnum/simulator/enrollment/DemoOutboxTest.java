package fr.idnum.simulator.enrollment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import fr.idnum.simulator.http.Http;

class DemoOutboxTest {

    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final HttpServer server = start();
    private final DemoOutbox outbox = new DemoOutbox(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"), new Http());

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void readsTheCodeOfTheLastMessageToTheRecipient() {
        answers.put("/api/v1/demo/outbox/sms?to=0611223344", """
                [{"at":"2026-12-01T10:00:00Z","to":"+33611223344","text":"Votre code : 111111"},
                 {"at":"2026-12-01T10:01:00Z","to":"+33611223344","text":"Votre code : 222222. Il expire dans 10 minutes."}]""");
        answers.put("/api/v1/demo/outbox/registered-letter?to=a%40example.fr", """
                [{"at":"2026-12-01T10:00:00Z","to":"a@example.fr","text":"Code d'activation : 654321"}]""");

        assertEquals("222222", outbox.lastSmsCode("0611223344"));
        assertEquals("654321", outbox.lastRegisteredLetterCode("a@example.fr"));
    }

    @Test
    void tellsWhetherAPushWentToTheToken() {
        answers.put("/api/v1/demo/outbox/push?to=sim-1", "[]");
        answers.put("/api/v1/demo/outbox/push?to=sim-2", """
                [{"to":"sim-2","challengeId":"c-1"},{"to":"sim-2","challengeId":"c-2"}]""");

        assertTrue(outbox.lastPushChallenge("sim-1").isEmpty());
        assertEquals("c-2", outbox.lastPushChallenge("sim-2").orElseThrow());
        assertEquals(2, outbox.pushCount("sim-2"));
    }

    @Test
    void readsThePushesAfterASequenceNumber() {
        answers.put("/api/v1/demo/outbox/push?after=41", """
                [{"sequence":42,"to":"sim-1","challengeId":"c-42"},{"sequence":43,"to":"sim-2","challengeId":"c-43"}]""");

        assertEquals(java.util.List.of(new DemoOutbox.Push(42, "sim-1", "c-42"), new DemoOutbox.Push(43, "sim-2", "c-43")),
                outbox.pushesAfter(41));
    }

    @Test
    void failsWithoutAnOutboxOrAMessage() {
        answers.put("/api/v1/demo/outbox/sms?to=0611223344", "[]");
        assertThrows(IllegalStateException.class, () -> outbox.lastSmsCode("0611223344"));
        // Not the demo profile: the endpoint answers 404.
        assertThrows(IllegalStateException.class, () -> outbox.lastRegisteredLetterCode("b@example.fr"));
    }

    private HttpServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.createContext("/", exchange -> {
                String body = answers.get(exchange.getRequestURI().getRawPath() + "?" + exchange.getRequestURI().getRawQuery());
                byte[] bytes = (body == null ? "{}" : body).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            http.start();
            return http;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
