package fr.idnum.enrollment.messaging;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import fr.idnum.enrollment.notice.CitizenNoticeResource;
import fr.idnum.enrollment.problem.Problem;
import fr.idnum.enrollment.support.Identities;
import fr.idnum.enrollment.support.SignedTokens;
import fr.idnum.enrollment.support.TestClock;
import fr.idnum.protocol.enrollment.InternalApi;
import fr.idnum.testsupport.CampaignTally;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, faults: the SMS gateway and the SMTP server down, then back. The service runs with its real providers
 * ({@link HttpSmsGateway} against a local gateway stub that refuses, then accepts; {@link SmtpMailSender} against a
 * port where nothing listens, then a GreenMail server started on it). What must hold: the citizen is told to ask again
 * (503 problem with Retry-After, never a 500), nothing already decided is lost (the enrollment stays, its code is
 * renewed on the resend and works), a refused send holds no cooldown and uses up no code (but refused sends have their
 * own bound), the operator sees the failure (a WARN line naming the channel, without the code or the recipient, and
 * {@code idnum_messages_seconds_count{outcome="failed"}}), and no code reaches the log.
 */
@QuarkusTest
// Before the default-profile tests, as the other profiles: SecretsNotLoggedTest (last) reads the SMS recorded by the
// application that ran all of those.
@Order(4)
@TestProfile(MessagingOutageTest.RealProviders.class)
class MessagingOutageTest {

    private static final Path LOG = Path.of("target", "enrollment-test.log");
    private static final Pattern CODE = Pattern.compile("\\b([0-9]{6})\\b");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CampaignTally TALLY = new CampaignTally();

    /** Real SMS and mail providers; the OIDC key of {@link SignedTokens}. */
    public static class RealProviders implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(SignedTokens.config());
            // The other tests' stand-in for the mail channel would take the place of the SMTP sender.
            config.put("quarkus.arc.exclude-types", "fr.idnum.enrollment.support.CapturingMailSender");
            // GreenMail runs in this JVM and logs the addresses it sees at INFO: the service's log is what is searched.
            config.put("quarkus.log.category.\"com.icegreen\".level", "WARN");
            return config;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Providers.class));
        }
    }

    /** The SMS gateway stub and the SMTP port (nothing listens on it until a test starts GreenMail there). */
    public static class Providers implements QuarkusTestResourceLifecycleManager {

        static volatile HttpServer gateway;
        static volatile int gatewayStatus = 200;
        static final List<JsonNode> submissions = new CopyOnWriteArrayList<>();
        static volatile int smtpPort;

        @Override
        public Map<String, String> start() {
            try {
                gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
                try (ServerSocket free = new ServerSocket(0)) {
                    smtpPort = free.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            gateway.createContext("/v1/sms", exchange -> {
                try (exchange) {
                    submissions.add(JSON.readTree(exchange.getRequestBody()));
                    int status = gatewayStatus;
                    byte[] body = (status == 200 ? "{\"id\":\"sms-1\"}" : "{\"error\":\"unavailable\"}").getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(status, body.length);
                    exchange.getResponseBody().write(body);
                }
            });
            gateway.start();
            Map<String, String> config = new HashMap<>();
            for (String profile : List.of("", "%test.")) {
                config.put(profile + "idnum.messaging.sms.provider", "http");
                config.put(profile + "idnum.messaging.mail.provider", "smtp");
                config.put(profile + "quarkus.mailer.mock", "false");
            }
            config.put("idnum.messaging.sms.http.url", "http://127.0.0.1:" + gateway.getAddress().getPort() + "/v1/sms");
            config.put("idnum.messaging.sms.http.api-key", "sms-api-key-for-outage-tests");
            config.put("quarkus.mailer.host", "127.0.0.1");
            config.put("quarkus.mailer.port", Integer.toString(smtpPort));
            config.put("quarkus.mailer.start-tls", "DISABLED");
            return config;
        }

        @Override
        public void stop() {
            if (gateway != null) {
                gateway.stop(0);
            }
        }
    }

    @Inject
    TestClock clock;
    @Inject
    MeterRegistry metrics;

    private GreenMail smtp;

    @AfterEach
    void providersBack() {
        Providers.gatewayStatus = 200;
        clock.reset();
        if (smtp != null) {
            smtp.stop();
        }
    }

    @AfterAll
    static void writeTotals() {
        TALLY.write(MessagingOutageTest.class);
    }

    private double failed(String channel) {
        Timer timer = metrics.find(MeteredChannels.METER).tag("channel", channel).tag("outcome", "failed").timer();
        return timer == null ? 0 : timer.count();
    }

    private static Response start(String subject, String mobile) {
        TALLY.cases(1);
        return given().auth().oauth2(SignedTokens.citizen(subject)).contentType(ContentType.JSON)
                .body(Identities.with("mobilePhone", mobile)).post("/api/v1/enrollments");
    }

    private static String lastCodeTo(String e164) {
        List<JsonNode> to = Providers.submissions.stream().filter(s -> s.path("to").asText().equals(e164)).toList();
        assertFalse(to.isEmpty(), "the gateway was asked for an SMS to " + e164);
        Matcher m = CODE.matcher(to.get(to.size() - 1).path("text").asText());
        assertTrue(m.find());
        return m.group(1);
    }

    private static void count(Response response) {
        if (response.statusCode() >= 500 && !(response.statusCode() == 503
                && (Problem.TYPE_BASE + "message-not-sent").equals(response.jsonPath().getString("type")))) {
            TALLY.serverError();
        }
    }

    private static Response resendPhoneCode(String subject) {
        TALLY.cases(1);
        Response response = given().auth().oauth2(SignedTokens.citizen(subject)).post("/api/v1/enrollments/current/phone-verification/resend");
        count(response);
        return response;
    }

    private static void assertNotSent(Response response) {
        response.then().statusCode(503).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(Problem.TYPE_BASE + MessageNotSentException.TYPE))
                .header("Retry-After", MessageNotSentException.RETRY_AFTER_SECONDS);
    }

    /** {@code sends} and {@code failed_sends} of a code's row, read by SQL (the entity may hold a stale copy). */
    private static List<Integer> sendCounters(String table, String subject) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Object[] row = (Object[]) fr.idnum.enrollment.enrollment.Enrollment.getEntityManager().createNativeQuery(
                            "select c.sends, c.failed_sends from " + table + " c join enrollment e on e.id = c.enrollment_id"
                                    + " where e.owner_subject = ?1")
                    .setParameter(1, subject).getSingleResult();
            return List.of(((Number) row[0]).intValue(), ((Number) row[1]).intValue());
        });
    }

    @Test
    void anSmsGatewayOutageLosesNoCodeAndHoldsNoCooldownTheCitizenAsksAgainOnceItIsBack() throws IOException {
        long logFrom = Files.exists(LOG) ? Files.size(LOG) : 0;
        String subject = "sms-outage-citizen";
        double failedBefore = failed("sms");

        // The gateway is down when the citizen starts: the enrollment is made, the SMS is not, and the citizen is
        // told to ask again.
        TALLY.fault();
        Providers.gatewayStatus = 503;
        Response first = start(subject, "0688776655");
        count(first);
        assertNotSent(first);
        String undelivered = lastCodeTo("+33688776655");
        assertEquals(failedBefore + 1, failed("sms"), "the operator's metric counts the failure");
        given().auth().oauth2(SignedTokens.citizen(subject)).get("/api/v1/enrollments/current").then()
                .statusCode(200).body("state", equalTo("DRAFT"));

        // A resend at once while it is still down: no cooldown (nothing reached the citizen), the same answer, and
        // still nothing lost.
        assertNotSent(resendPhoneCode(subject));

        // The gateway is back: a resend at once goes through (the refused sends held no cooldown), and the code
        // received works; the codes that never arrived do not.
        Providers.gatewayStatus = 200;
        resendPhoneCode(subject).then().statusCode(202);
        String received = lastCodeTo("+33688776655");
        assertEquals(List.of(1, 2), sendCounters("phone_check", subject), "one SMS sent, two refused by the gateway");
        // The cooldown runs from the SMS that went out.
        Response tooSoon = resendPhoneCode(subject);
        tooSoon.then().statusCode(429).contentType(Problem.MEDIA_TYPE).body("type", equalTo(Problem.TYPE_BASE + "too-soon"));
        assertEquals("60", tooSoon.header("Retry-After"));
        System.out.println("[faults] SMS gateway down: start and an immediate resend answered 503 message-not-sent"
                + " (Retry-After " + MessageNotSentException.RETRY_AFTER_SECONDS + "); once it is back, a resend at once"
                + " goes through and its code works; the 60 s cooldown runs from that SMS");
        TALLY.cases(1);
        if (!received.equals(undelivered)) {
            given().auth().oauth2(SignedTokens.citizen(subject)).contentType(ContentType.JSON).body(Map.of("code", undelivered))
                    .post("/api/v1/enrollments/current/phone-verification").then().statusCode(400);
        }
        given().auth().oauth2(SignedTokens.citizen(subject)).contentType(ContentType.JSON).body(Map.of("code", received))
                .post("/api/v1/enrollments/current/phone-verification").then().statusCode(204);
        given().auth().oauth2(SignedTokens.citizen(subject)).get("/api/v1/enrollments/current").then()
                .statusCode(200).body("state", equalTo("PHONE_VERIFIED"));

        assertOperatorLineWithoutSecrets(logFrom, "SMS not sent", List.of("+33688776655", "0688776655"));
    }

    @Test
    void sendsTheGatewayRefusedAreBoundedOnTheirOwn() {
        String subject = "sms-outage-hammering-citizen";
        TALLY.fault();
        Providers.gatewayStatus = 503;
        Response first = start(subject, "0688776633");
        count(first);
        assertNotSent(first);
        // idnum.phone-check.max-failed-sends (10): the start's send and nine resends reach the gateway, at once.
        for (int i = 1; i < 10; i++) {
            assertNotSent(resendPhoneCode(subject));
        }
        long asked = Providers.submissions.stream().filter(sms -> sms.path("to").asText().equals("+33688776633")).count();
        assertEquals(10, asked, "every refused send reached the gateway");

        // The eleventh is refused before the gateway is asked, even once it is back: the citizen calls support.
        Providers.gatewayStatus = 200;
        resendPhoneCode(subject).then().statusCode(429).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(Problem.TYPE_BASE + "no-more-codes"));
        assertEquals(asked, Providers.submissions.stream().filter(sms -> sms.path("to").asText().equals("+33688776633")).count());
        assertEquals(List.of(0, 10), sendCounters("phone_check", subject));
    }

    @Test
    void anActivationCodeTheGatewayRefusedCanBeAskedForAgainAtOnce() {
        String subject = "activation-sms-outage-citizen";
        Providers.gatewayStatus = 200;
        start(subject, "0688776622").then().statusCode(201);
        given().auth().oauth2(SignedTokens.citizen(subject)).contentType(ContentType.JSON)
                .body(Map.of("code", lastCodeTo("+33688776622")))
                .post("/api/v1/enrollments/current/phone-verification").then().statusCode(204);

        // The gateway is down when the citizen chooses a check at the post office: the mode is recorded, the
        // activation code is not texted.
        TALLY.fault();
        Providers.gatewayStatus = 503;
        TALLY.cases(1);
        Response chosen = given().auth().oauth2(SignedTokens.citizen(subject)).contentType(ContentType.JSON)
                .body(Map.of("mode", "POST_OFFICE")).post("/api/v1/enrollments/current/verification-mode");
        count(chosen);
        assertNotSent(chosen);

        // Back: "send again" goes through at once, not after the 2 min cooldown of activation codes.
        Providers.gatewayStatus = 200;
        TALLY.cases(1);
        given().auth().oauth2(SignedTokens.citizen(subject)).post("/api/v1/enrollments/current/activation-code/resend")
                .then().statusCode(202);
        assertTrue(Providers.submissions.get(Providers.submissions.size() - 1).path("text").asText().contains("nouveau code d'activation"));
        assertEquals(List.of(1, 1), sendCounters("activation_code", subject));
        TALLY.cases(1);
        given().auth().oauth2(SignedTokens.citizen(subject)).post("/api/v1/enrollments/current/activation-code/resend")
                .then().statusCode(429).body("type", equalTo(Problem.TYPE_BASE + "too-soon"));
    }

    @Test
    void anSmtpOutageIsA503TheCallerRetriesOnceTheServerIsBack() throws Exception {
        String subject = "smtp-outage-citizen";
        Providers.gatewayStatus = 200;
        start(subject, "0688776644").then().statusCode(201);
        long logFrom = Files.size(LOG);
        double failedBefore = failed("mail");
        Map<String, Object> notice = Map.of("subject", subject, "notice", "PHONE_ACTIVATED", "deviceLabel", "Pixel de Marie");

        // Nothing listens on the SMTP port: Keycloak, which asked for the notice, gets a 503 and may ask again.
        TALLY.fault();
        TALLY.cases(1);
        long begin = System.nanoTime();
        Response down = given().auth().oauth2(SignedTokens.service(CitizenNoticeResource.ROLE)).contentType(ContentType.JSON)
                .body(notice).post(InternalApi.CITIZEN_NOTICES);
        long millis = (System.nanoTime() - begin) / 1_000_000;
        count(down);
        assertNotSent(down);
        assertEquals(failedBefore + 1, failed("mail"));

        // A real SMTP server on that port: the same request goes through and the mail arrives.
        smtp = new GreenMail(new ServerSetup(Providers.smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        TALLY.cases(1);
        given().auth().oauth2(SignedTokens.service(CitizenNoticeResource.ROLE)).contentType(ContentType.JSON)
                .body(notice).post(InternalApi.CITIZEN_NOTICES).then().statusCode(202);
        assertTrue(smtp.waitForIncomingEmail(5_000, 1), "the notice reached the SMTP server");
        assertEquals("marie.dupont@example.fr", smtp.getReceivedMessages()[0].getAllRecipients()[0].toString().toLowerCase());
        System.out.printf("[faults] SMTP down: the notice answered 503 message-not-sent in %d ms; sent once the server is back%n", millis);

        assertOperatorLineWithoutSecrets(logFrom, "E-mail not sent", List.of("marie.dupont@example.fr", "Marie.Dupont@Example.fr"));
    }

    /** The failure is in the log at WARN, once per send, and neither a code sent nor the recipient is. */
    private void assertOperatorLineWithoutSecrets(long logFrom, String line, List<String> recipient) throws IOException {
        String log = Files.readString(LOG, StandardCharsets.UTF_8).substring((int) logFrom);
        assertTrue(log.lines().anyMatch(l -> l.contains(" WARN ") && l.contains(line)), "the operator sees: " + line);
        assertFalse(log.lines().anyMatch(l -> l.contains(" ERROR ")), "an outage of a provider is not an error of the service");
        int found = 0;
        for (JsonNode sms : Providers.submissions) {
            Matcher m = CODE.matcher(sms.path("text").asText());
            while (m.find()) {
                if (Pattern.compile("\\b" + m.group(1) + "\\b").matcher(log).find()) {
                    found++;
                }
            }
        }
        for (String r : recipient) {
            if (log.contains(r)) {
                found++;
            }
        }
        TALLY.secretsFound(found);
        assertEquals(0, found, "a code or a recipient in the log");
    }
}
