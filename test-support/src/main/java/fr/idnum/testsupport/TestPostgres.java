package fr.idnum.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL server the tests create their databases on: {@code IDNUM_TEST_PG} when set; else the machine's
 * on 127.0.0.1:5432 when it answers (as on CI, where {@code .ci/run} makes sure of it); else the project's
 * embedded server ({@code bin/embedded-postgres.sh}, the one the run command uses, port 54329), started for
 * this JVM and stopped when it exits — left alone if it was already running. So the README's test command needs
 * no installed database server either.
 */
public final class TestPostgres {

    public static final String USER = System.getenv().getOrDefault("IDNUM_TEST_PG_USER", "postgres");
    private static final int MACHINE_PORT = 5432;
    private static final int EMBEDDED_PORT = Integer.parseInt(System.getenv().getOrDefault("IDNUM_EMBEDDED_PG_PORT", "54329"));

    private static String server;

    private TestPostgres() {
    }

    /** The server's JDBC URL without a database name, ending with a slash. */
    public static synchronized String server() {
        if (server == null) {
            server = locate();
        }
        return server;
    }

    private static String locate() {
        String configured = System.getenv("IDNUM_TEST_PG");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        if (answers(MACHINE_PORT)) {
            return "jdbc:postgresql://127.0.0.1:" + MACHINE_PORT + "/";
        }
        if (!answers(EMBEDDED_PORT)) {
            Path script = script();
            System.out.println("[tests] no PostgreSQL on 127.0.0.1:" + MACHINE_PORT + ": starting the embedded one (" + script + ")");
            run(script, "start");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> run(script, "stop")));
        }
        return "jdbc:postgresql://127.0.0.1:" + EMBEDDED_PORT + "/";
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path script() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path script = dir.resolve("bin").resolve("embedded-postgres.sh");
            if (Files.isExecutable(script)) {
                return script;
            }
        }
        throw new IllegalStateException("No PostgreSQL on 127.0.0.1:" + MACHINE_PORT
                + " and bin/embedded-postgres.sh not found above " + Path.of("").toAbsolutePath()
                + ": set IDNUM_TEST_PG to a PostgreSQL server's JDBC URL (trust authentication for " + USER + ")");
    }

    private static void run(Path script, String command) {
        try {
            Process process = new ProcessBuilder(script.toString(), command).inheritIO().start();
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(script + " " + command + " failed (exit " + process.exitValue()
                        + "): see its messages above; or set IDNUM_TEST_PG to a PostgreSQL server's JDBC URL");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
