package fr.idnum.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real enrollment service, run beside the test framework's Keycloak as its own process from the
 * packaged {@code enrollment/target/quarkus-app}: once per test JVM, started by the first test that asks
 * ({@link #get()}) and stopped, with its database, when the JVM exits. It validates citizens' tokens
 * against Keycloak, so it must be asked for only once Keycloak runs, i.e. from a test. Runs the {@code demo}
 * profile: messages go to the recording stand-ins, read through {@link #outbox()}.
 */
public final class EnrollmentService {

    static final String JAR = "../enrollment/target/quarkus-app/quarkus-run.jar";
    static final Path LOG = Path.of("target", "enrollment-service.log");
    /** The service's log (its console output, appended for the whole run). */
    public static final Path LOG_FILE = baseDir().resolve(LOG);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    /**
     * Activation codes live this long here (30 days in production), so that a test can see one expire;
     * every other test activates within a second or two of receiving its code.
     */
    public static final Duration ACTIVATION_CODE_LIFETIME = Duration.ofSeconds(20);
    /** A posted activation code's cooling-off (three days in production): long enough to see the refusal, then pass. */
    public static final Duration COOLING_OFF = Duration.ofSeconds(4);
    /**
     * Pushes to registration tokens starting with this are answered by the service's FCM stand-in the way FCM answers a
     * token it no longer knows ({@code UNREGISTERED}), and by the service to Keycloak with 410
     * {@code push-token-unregistered}: a phone given such a token is one whose app FCM forgot.
     */
    public static final String UNREGISTERED_TOKEN_PREFIX = "fcm-unregistered-";
    /** Kept across a restart: the codes already issued must still match. */
    private static final byte[] HASH_KEY = new byte[32];

    static {
        new SecureRandom().nextBytes(HASH_KEY);
    }

    private static EnrollmentService instance;

    private final Process process;
    private final String url;
    private final int managementPort;
    private final EnrollmentOutbox outbox;
    private final Duration startTime;

    private EnrollmentService(Process process, String url, int managementPort, Duration startTime) {
        this.process = process;
        this.url = url;
        this.managementPort = managementPort;
        this.outbox = new EnrollmentOutbox(url);
        this.startTime = startTime;
    }

    /** The running service, started on first call (about 5 to 10 s; the log is in {@code target/enrollment-service.log}). */
    public static synchronized EnrollmentService get() {
        if (instance == null) {
            EnrollmentDatabase.recreate();
            Runtime.getRuntime().addShutdownHook(new Thread(EnrollmentService::shutdown, "enrollment-service-stop"));
            instance = start();
        }
        return instance;
    }

    /**
     * Runs {@code action} while the service is down (an outage as Keycloak sees it: connection refused), then
     * starts it again on the same database, so what the other tests made is still there.
     */
    public static synchronized void whileDown(Runnable action) {
        stop(get().process);
        try {
            action.run();
        } finally {
            instance = start();
        }
    }

    private static synchronized void shutdown() {
        if (instance != null) {
            stop(instance.process);
        }
        EnrollmentDatabase.drop();
    }

    /** Base URL, e.g. {@code http://127.0.0.1:18081}. */
    public String url() {
        return url;
    }

    /** Its management interface (health, metrics), e.g. {@code http://127.0.0.1:18083}. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    /** How long the service took to be ready. */
    public Duration startTime() {
        return startTime;
    }

    public EnrollmentOutbox outbox() {
        return outbox;
    }

    /** The last SMS sent to this number (E.164); fails when there is none. */
    public EnrollmentOutbox.Sms lastSmsTo(String e164) {
        return last(outbox.smsTo(e164), "SMS to " + e164);
    }

    /** The last letter posted for this enrollment; fails when there is none. */
    public EnrollmentOutbox.Letter lastLetterFor(String enrollmentId) {
        return last(outbox.lettersFor(enrollmentId), "letter for enrollment " + enrollmentId);
    }

    /** The last registered electronic letter sent to this address; fails when there is none. */
    public EnrollmentOutbox.RegisteredLetter lastRegisteredLetterTo(String email) {
        return last(outbox.registeredLettersTo(email), "registered letter to " + email);
    }

    /** The last e-mail sent to this address; fails when there is none. */
    public EnrollmentOutbox.Mail lastMailTo(String email) {
        return last(outbox.mailTo(email), "e-mail to " + email);
    }

    /** The 6-digit code in a message's text. */
    public static String codeIn(String text) {
        return EnrollmentOutbox.codeIn(text);
    }

    private static <T> T last(List<T> messages, String what) {
        if (messages.isEmpty()) {
            throw new AssertionError("The enrollment service sent no " + what);
        }
        return messages.get(messages.size() - 1);
    }

    /**
     * A second instance of the service on the same database (as a replica behind the load balancer), on other ports,
     * stopped when the JVM exits; {@link #get()} must have started the first one (it owns the database).
     */
    public static synchronized EnrollmentService replica(int port, int managementPort) {
        get();
        EnrollmentService replica = start(port, managementPort, Path.of("target", "enrollment-service-" + port + ".log"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(replica.process), "enrollment-replica-stop"));
        return replica;
    }

    private static Path baseDir() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    }

    private static EnrollmentService start() {
        return start(TestEnvironment.ENROLLMENT_PORT, TestEnvironment.ENROLLMENT_MANAGEMENT_PORT, LOG);
    }

    private static EnrollmentService start(int port, int managementPort, Path logFile) {
        Path baseDir = baseDir();
        Path jar = baseDir.resolve(JAR).normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the reactor build, the enrollment module must be"
                    + " packaged first (./mvnw -pl e2e -am verify)");
        }
        Path log = baseDir.resolve(logFile);
        requireFree(port);
        requireFree(managementPort);
        long started = System.nanoTime();
        Process process;
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command(jar, port, managementPort))
                    .directory(baseDir.resolve("target").toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the enrollment service", e);
        }
        String url = "http://127.0.0.1:" + port;
        waitUntilReady(process, "http://127.0.0.1:" + managementPort, log);
        return new EnrollmentService(process, url, managementPort, Duration.ofNanos(System.nanoTime() - started));
    }

    private static List<String> command(Path jar, int port, int managementPort) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Dquarkus.profile=demo");
        command.add("-Didnum.activation.code-lifetime=" + ACTIVATION_CODE_LIFETIME);
        command.add("-Didnum.recovery.cooling-off=" + COOLING_OFF);
        // Suspensions and reinstatements reach Keycloak within a second instead of 15 s: the tests wait for them.
        command.add("-Didnum.keycloak.propagation-interval=1s");
        command.add("-Didnum.messaging.push.recording.unregistered-token-prefix=" + UNREGISTERED_TOKEN_PREFIX);
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dquarkus.management.port=" + managementPort);
        // Our own code at DEBUG: SecretsInLogsIT searches this log for secrets, debug lines included.
        command.add("-Dquarkus.log.category.\"fr.idnum\".level=DEBUG");
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }

    /** What the run command gives the service, pointed at this run's Keycloak, database and provider. */
    private static Map<String, String> environment() {
        return Map.of(
                "IDNUM_ENROLLMENT_DB_URL", EnrollmentDatabase.url(),
                "IDNUM_ENROLLMENT_DB_USER", EnrollmentDatabase.USER,
                "IDNUM_OIDC_ISSUER", TestEnvironment.ISSUER,
                "IDNUM_KEYCLOAK_URL", TestEnvironment.KEYCLOAK,
                "IDNUM_KEYCLOAK_REALM", TestEnvironment.REALM,
                "IDNUM_ENROLLMENT_CLIENT_SECRET", TestEnvironment.ENROLLMENT_SECRET,
                "IDNUM_CODE_HASH_KEY", Base64.getEncoder().encodeToString(HASH_KEY),
                "IDNUM_REMOTE_VERIFICATION_ISSUER", RemoteVerificationProvider.ISSUER,
                "IDNUM_REMOTE_VERIFICATION_JWKS", RemoteVerificationProvider.get().publicJwks());
    }

    private static void waitUntilReady(Process process, String managementUrl, Path log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(managementUrl + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The enrollment service stopped at start-up (exit " + process.exitValue()
                        + "); end of " + log + ":\n" + tail(log));
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (ConnectException e) {
                // Not listening yet.
            } catch (IOException e) {
                // Listening but not answering yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep();
        }
        stop(process);
        throw new IllegalStateException("The enrollment service was not ready within " + START_TIMEOUT.toSeconds()
                + " s; end of " + log + ":\n" + tail(log));
    }

    /** Quarkus itself first, then anything it started, then by force. */
    private static void stop(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                children.forEach(ProcessHandle::destroyForcibly);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Keycloak is configured with this port (TestEnvironment): another one would not be reached. */
    private static void requireFree(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new IllegalStateException("Port " + port + " is taken: the enrollment service of the tests needs it"
                    + " (Keycloak is configured to reach it there); stop what listens on it");
        }
    }

    /**
     * Runs {@code work}; if it fails, the failure also carries the service's last refused bearer tokens (its
     * {@code RefusedTokens} lines: why each was refused), so that a 401 seen by a client explains itself in CI's output.
     */
    public static <T> T explainingRefusedTokens(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            List<String> refused;
            try {
                refused = Files.readAllLines(LOG_FILE, StandardCharsets.UTF_8).stream()
                        .filter(line -> line.contains("bearer token refused")).toList();
            } catch (IOException unreadable) {
                refused = List.of("(log unreadable: " + unreadable.getMessage() + ")");
            }
            String last = String.join("\n", refused.subList(Math.max(0, refused.size() - 10), refused.size()));
            throw new IllegalStateException(e.getMessage() + "\nthe enrollment service's last refused tokens ("
                    + refused.size() + " in all):\n" + last, e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
