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
    private static final int PREFERRED_PORT = 18081;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private static EnrollmentService instance;

    private final Process process;
    private final String url;
    private final EnrollmentOutbox outbox;
    private final Duration startTime;

    private EnrollmentService(Process process, String url, Duration startTime) {
        this.process = process;
        this.url = url;
        this.outbox = new EnrollmentOutbox(url);
        this.startTime = startTime;
    }

    /** The running service, started on first call (about 5 to 10 s; the log is in {@code target/enrollment-service.log}). */
    public static synchronized EnrollmentService get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    /** Base URL, e.g. {@code http://127.0.0.1:18081}. */
    public String url() {
        return url;
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

    private static EnrollmentService start() {
        Path baseDir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Path jar = baseDir.resolve(JAR).normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the reactor build, the enrollment module must be"
                    + " packaged first (./mvnw -pl e2e -am verify)");
        }
        Path log = baseDir.resolve(LOG);
        int port = freePort();
        EnrollmentDatabase.recreate();
        long started = System.nanoTime();
        Process process;
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command(jar, port))
                    .directory(baseDir.resolve("target").toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the enrollment service", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process), "enrollment-service-stop"));
        String url = "http://127.0.0.1:" + port;
        waitUntilReady(process, url, log);
        return new EnrollmentService(process, url, Duration.ofNanos(System.nanoTime() - started));
    }

    private static List<String> command(Path jar, int port) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Dquarkus.profile=demo");
        command.add("-Dquarkus.http.port=" + port);
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }

    /** What the run command gives the service, pointed at this run's Keycloak, database and provider. */
    private static Map<String, String> environment() {
        byte[] hashKey = new byte[32];
        new SecureRandom().nextBytes(hashKey);
        return Map.of(
                "IDNUM_ENROLLMENT_DB_URL", EnrollmentDatabase.url(),
                "IDNUM_ENROLLMENT_DB_USER", EnrollmentDatabase.USER,
                "IDNUM_OIDC_ISSUER", TestEnvironment.ISSUER,
                "IDNUM_KEYCLOAK_URL", TestEnvironment.KEYCLOAK,
                "IDNUM_KEYCLOAK_REALM", TestEnvironment.REALM,
                "IDNUM_ENROLLMENT_CLIENT_SECRET", TestEnvironment.ENROLLMENT_SECRET,
                "IDNUM_CODE_HASH_KEY", Base64.getEncoder().encodeToString(hashKey),
                "IDNUM_REMOTE_VERIFICATION_ISSUER", RemoteVerificationProvider.ISSUER,
                "IDNUM_REMOTE_VERIFICATION_JWKS", RemoteVerificationProvider.get().publicJwks());
    }

    private static void waitUntilReady(Process process, String url, Path log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build();
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
        EnrollmentDatabase.drop();
    }

    /** The preferred port when it is free (easy to find in the log), otherwise any free one. */
    private static int freePort() {
        for (int candidate : new int[] {PREFERRED_PORT, 0}) {
            try (ServerSocket socket = new ServerSocket(candidate)) {
                socket.setReuseAddress(true);
                return socket.getLocalPort();
            } catch (IOException e) {
                // Taken: try the next.
            }
        }
        throw new IllegalStateException("No free port for the enrollment service");
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
