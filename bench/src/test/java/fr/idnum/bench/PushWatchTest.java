package fr.idnum.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import fr.idnum.simulator.enrollment.DemoOutbox;
import fr.idnum.simulator.http.Http;

/** The phones' shared push receiver against a stand-in of the enrollment service's push outbox. */
class PushWatchTest {

    /** The recorded pushes as the outbox numbers them (index = sequence - 1): token and challenge. */
    private final List<String[]> recorded = new CopyOnWriteArrayList<>();
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private final HttpServer server = start();
    private final PushWatch watch = new PushWatch(new DemoOutbox(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), new Http()));

    @AfterEach
    void stop() {
        watch.close();
        server.stop(0);
    }

    @Test
    void handsEachPhoneThePushToItsTokenWithOneReaderForAll() throws Exception {
        List<CompletableFuture<Optional<String>>> phones = new ArrayList<>();
        Set<String> taken = ConcurrentHashMap.newKeySet();
        ExecutorService threads = Executors.newFixedThreadPool(50);
        for (int i = 0; i < 50; i++) {
            String token = "tok-" + i;
            phones.add(CompletableFuture.supplyAsync(() -> watch.await(token, taken::add, Duration.ofSeconds(10)), threads));
        }
        Thread.sleep(100);
        for (int i = 49; i >= 0; i--) {
            recorded.add(new String[] {"tok-" + i, "ch-" + i});
        }
        for (int i = 0; i < 50; i++) {
            assertEquals(Optional.of("ch-" + i), phones.get(i).get(), "phone " + i);
        }
        threads.shutdown();
        // One reader: the number of questions depends on the time passed, not on the 50 phones waiting.
        assertTrue(queries.size() < 50, queries.size() + " questions to the outbox");
        assertTrue(queries.stream().allMatch(q -> q.startsWith("after=")), "every question asks for what follows: " + queries);
    }

    @Test
    void aPushAlreadyHandledIsNotHandedAgainAndTheWaitEnds() {
        recorded.add(new String[] {"tok-a", "ch-1"});
        Set<String> taken = ConcurrentHashMap.newKeySet();
        assertEquals(Optional.of("ch-1"), watch.await("tok-a", taken::add, Duration.ofSeconds(5)));

        long start = System.nanoTime();
        assertEquals(Optional.empty(), watch.await("tok-a", taken::add, Duration.ofMillis(300)));
        assertTrue(System.nanoTime() - start >= 300_000_000L, "waited its whole time");

        recorded.add(new String[] {"tok-a", "ch-2"});
        assertEquals(Optional.of("ch-2"), watch.await("tok-a", taken::add, Duration.ofSeconds(5)));
    }

    @Test
    void saysWhyWhenTheOutboxCannotBeRead() throws Exception {
        server.stop(0);
        Thread.sleep(5 * PushWatch.POLL_MILLIS);
        assertTrue(watch.lastFailure().isPresent());
    }

    private HttpServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.createContext("/api/v1/demo/outbox/push", exchange -> {
                String query = exchange.getRequestURI().getRawQuery();
                queries.add(query);
                int after = Integer.parseInt(query.substring("after=".length()));
                StringBuilder body = new StringBuilder("[");
                for (int i = after; i < recorded.size(); i++) {
                    body.append(i > after ? "," : "").append(String.format("{\"sequence\":%d,\"to\":\"%s\",\"challengeId\":\"%s\"}",
                            i + 1, recorded.get(i)[0], recorded.get(i)[1]));
                }
                byte[] bytes = body.append("]").toString().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
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
