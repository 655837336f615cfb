package fr.idnum.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A server process seen from outside through the kernel's own accounting ({@code /proc/<pid>}): CPU time
 * consumed (user + system), resident memory, threads. Found by the TCP port it listens on, or given by pid.
 */
public final class ServerProcess {

    /** Clock ticks per second of {@code /proc/<pid>/stat} (USER_HZ): 100 on Linux for x86 and arm. */
    static final long TICKS_PER_SECOND = 100;
    private static final String LISTEN = "0A";

    private final String name;
    private final long pid;

    public ServerProcess(String name, long pid) {
        this.name = name;
        this.pid = pid;
    }

    public String name() {
        return name;
    }

    public long pid() {
        return pid;
    }

    /** The process listening on {@code port} (IPv4 or IPv6), if one of this user's processes does. */
    public static Optional<ServerProcess> listeningOn(String name, int port) {
        Optional<String> inode = listeningInode(port);
        if (inode.isEmpty()) {
            return Optional.empty();
        }
        String socket = "socket:[" + inode.get() + "]";
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path process : processes) {
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
                    for (Path fd : fds) {
                        if (socket.equals(readLink(fd))) {
                            return Optional.of(new ServerProcess(name, Long.parseLong(process.getFileName().toString())));
                        }
                    }
                } catch (IOException | SecurityException e) {
                    // another user's process, or gone meanwhile
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.empty();
    }

    private static Optional<String> listeningInode(int port) {
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table)).subList(1, Files.readAllLines(Path.of(table)).size())) {
                    String[] fields = line.trim().split("\\s+");
                    if (fields[1].endsWith(hexPort) && LISTEN.equals(fields[3])) {
                        return Optional.of(fields[9]);
                    }
                }
            } catch (IOException e) {
                // no IPv6 table
            }
        }
        return Optional.empty();
    }

    private static String readLink(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    /** CPU seconds consumed so far, user + system, all threads. */
    public double cpuSeconds() {
        String stat = read("stat");
        // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14 and 15)
        return ticks / (double) TICKS_PER_SECOND;
    }

    /** Resident memory now, in MiB. */
    public double rssMiB() {
        return statusValue("VmRSS:") / 1024.0;
    }

    public int threads() {
        return (int) statusValue("Threads:");
    }

    public boolean alive() {
        return Files.exists(Path.of("/proc", String.valueOf(pid)));
    }

    private long statusValue(String key) {
        for (String line : read("status").split("\n")) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException("no " + key + " in /proc/" + pid + "/status");
    }

    private String read(String file) {
        try {
            return Files.readString(Path.of("/proc", String.valueOf(pid), file));
        } catch (IOException e) {
            throw new UncheckedIOException("process " + pid + " (" + name + ") is gone", e);
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + pid + ")";
    }
}
