package fr.idnum.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One Keycloak node of the cluster test: the distribution we ship ({@code keycloak-server/target}, with our
 * providers, theme and realm), built once for PostgreSQL ({@link #build}), then started {@code --optimized} from a
 * home of its own (hard links to the built one, a fresh {@code data/}) as a process of this JVM.
 */
public final class KeycloakNode {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(150);
    private static final Pattern CLUSTER_VIEW = Pattern.compile("ISPN000094: Received new cluster view for channel \\S+: \\[[^]]*] \\((\\d+)\\)");

    private final String name;
    private final Path home;
    private final int httpPort;
    private final int managementPort;
    private final Path log;
    private final Map<String, String> environment;
    private Process process;

    private KeycloakNode(String name, Path home, int httpPort, int managementPort, Path log, Map<String, String> environment) {
        this.name = name;
        this.home = home;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.log = log;
        this.environment = environment;
    }

    /**
     * A copy of {@code distribution} in {@code target}, built for PostgreSQL as the image is
     * ({@code docker/keycloak.Dockerfile}): the nodes start from it with {@code --optimized}.
     */
    public static Path build(Path distribution, Path target) {
        Path built = target.resolve("dist");
        try {
            deleteTree(built);
            try (Stream<Path> files = Files.walk(distribution)) {
                for (Path source : (Iterable<Path>) files::iterator) {
                    Path relative = distribution.relativize(source);
                    if (relative.startsWith("data") && !relative.startsWith(Path.of("data", "import")) && !relative.equals(Path.of("data"))) {
                        continue;
                    }
                    Path copy = built.resolve(relative.toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(copy);
                    } else {
                        Files.copy(source, copy, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
            run(built, target.resolve("build.log"), Duration.ofSeconds(300),
                    "build", "--db=postgres", "--health-enabled=true", "--metrics-enabled=true");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return built;
    }

    /** A node whose home is a fresh set of hard links to {@code built}; not started yet. */
    public static KeycloakNode of(String name, Path built, Path target, int httpPort, int managementPort,
                                  Map<String, String> environment) {
        Path home = target.resolve(name);
        try {
            deleteTree(home);
            try (Stream<Path> files = Files.walk(built)) {
                for (Path source : (Iterable<Path>) files::iterator) {
                    Path link = home.resolve(built.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(link);
                    } else {
                        Files.createLink(link, source);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new KeycloakNode(name, home, httpPort, managementPort, target.resolve(name + ".log"), environment);
    }

    public String name() {
        return name;
    }

    /** Its own address, e.g. {@code http://127.0.0.1:8180}. */
    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    public Path log() {
        return log;
    }

    /** Starts {@code kc.sh start --optimized} with {@code arguments}, and waits until it is ready. */
    public Duration start(String... arguments) {
        long started = System.nanoTime();
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "start", "--optimized"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start Keycloak node " + name, e);
        }
        awaitReady();
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** The size of the last cluster view this node logged (0 if none yet). */
    public int clusterSize() {
        try {
            Matcher view = CLUSTER_VIEW.matcher(Files.readString(log, StandardCharsets.UTF_8));
            int size = 0;
            while (view.find()) {
                size = Integer.parseInt(view.group(1));
            }
            return size;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Waits until this node's log shows a cluster view of {@code size} members. */
    public void awaitClusterOf(int size, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (clusterSize() != size) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " never saw a cluster of " + size + " (last view: " + clusterSize()
                        + "); end of " + log + ":\n" + tail(log));
            }
            pause(200);
        }
    }

    /** Kills the node's JVM at once (SIGKILL): no graceful leave, as when a machine dies. */
    public void kill() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            waitFor(process, 30);
        }
    }

    /** Stops the node as an operator would (SIGTERM), by force if it lingers. */
    public void stop() {
        if (process != null && process.isAlive()) {
            List<ProcessHandle> children = process.descendants().toList();
            children.forEach(ProcessHandle::destroy);
            process.destroy();
            if (!waitFor(process, 20)) {
                children.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak node " + name + " stopped at start-up (exit " + process.exitValue()
                        + "); end of " + log + ":\n" + tail(log));
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (ConnectException e) {
                // Not listening yet.
            } catch (IOException e) {
                // Listening, not answering yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            pause(500);
        }
        kill();
        throw new IllegalStateException("Keycloak node " + name + " was not ready within " + START_TIMEOUT.toSeconds()
                + " s; end of " + log + ":\n" + tail(log));
    }

    private static void run(Path home, Path log, Duration timeout, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        if (!waitFor(process, timeout.toSeconds())) {
            process.destroyForcibly();
            throw new IllegalStateException("kc.sh " + String.join(" ", arguments) + " did not end within " + timeout);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("kc.sh " + String.join(" ", arguments) + " failed (exit " + process.exitValue()
                    + "); end of " + log + ":\n" + tail(log));
        }
    }

    private static boolean waitFor(Process process, long seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
