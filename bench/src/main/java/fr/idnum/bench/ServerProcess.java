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
 * A server made of a parent and its worker processes (PostgreSQL: one backend per connection) is watched
 * {@linkplain #withChildren() with its children}; the whole machine through {@link #machine()}.
 */
public final class ServerProcess {

    /** Clock ticks per second of {@code /proc/<pid>/stat} and {@code /proc/stat} (USER_HZ): 100 on Linux for x86 and arm. */
    static final long TICKS_PER_SECOND = 100;
    private static final String LISTEN = "0A";
    private static final long MACHINE = -1;

    private final String name;
    private final long pid;
    private final boolean children;

    public ServerProcess(String name, long pid) {
        this(name, pid, false);
    }

    private ServerProcess(String name, long pid, boolean children) {
        this.name = name;
        this.pid = pid;
        this.children = children;
    }

    /**
     * Every process of this machine together: CPU time of all cores ({@code /proc/stat}, all but idle and I/O
     * wait), memory in use (total less available), threads of all processes.
     */
    public static ServerProcess machine() {
        return new ServerProcess("machine", MACHINE, false);
    }

    /**
     * This process and its children: CPU of the children alive now, plus what its children that ended have used
     * (which the kernel adds to the parent's account when they end), so a worker's time counts once whether or
     * not it ended during the sample; memory and threads summed over the living.
     */
    public ServerProcess withChildren() {
        return new ServerProcess(name, pid, true);
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

    /** CPU seconds consumed so far, user + system, all threads (and children, or all cores: see the factories). */
    public double cpuSeconds() {
        if (pid == MACHINE) {
            // cpu  user nice system idle iowait irq softirq steal ...: all but idle and iowait are busy
            String[] fields = readProc("stat").split("\n")[0].trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i <= 8; i++) {
                busy += i == 4 || i == 5 ? 0 : Long.parseLong(fields[i]);
            }
            return busy / (double) TICKS_PER_SECOND;
        }
        String[] fields = statFields(pid);
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14 and 15)
        if (children) {
            ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]); // cutime, cstime: children that ended
            for (long child : children()) {
                try {
                    String[] c = statFields(child);
                    ticks += Long.parseLong(c[11]) + Long.parseLong(c[12]) + Long.parseLong(c[13]) + Long.parseLong(c[14]);
                } catch (UncheckedIOException ended) {
                    // ended meanwhile: its time is now in the parent's cutime, read above or at the next sample
                }
            }
        }
        return ticks / (double) TICKS_PER_SECOND;
    }

    /** Resident memory and threads at one moment: read together, so that a family's children are listed once. */
    public record Usage(double rssMiB, int threads) {
    }

    public Usage usage() {
        if (pid == MACHINE) {
            // /proc/loadavg: "0.30 0.16 0.06 2/345 1234": runnable/total scheduling entities (threads)
            return new Usage((meminfo("MemTotal:") - meminfo("MemAvailable:")) / 1024.0,
                    Integer.parseInt(readProc("loadavg").trim().split("\\s+")[3].split("/")[1]));
        }
        long rssKiB = statusValue(pid, "VmRSS:");
        long threads = statusValue(pid, "Threads:");
        if (children) {
            for (long child : children()) {
                try {
                    long childRss = statusValue(child, "VmRSS:");
                    threads += statusValue(child, "Threads:");
                    rssKiB += childRss;
                } catch (UncheckedIOException | IllegalStateException ended) {
                    // ended meanwhile, or a zombie without memory
                }
            }
        }
        return new Usage(rssKiB / 1024.0, (int) threads);
    }

    /** Resident memory now, in MiB. */
    public double rssMiB() {
        return usage().rssMiB();
    }

    public int threads() {
        return usage().threads();
    }

    public boolean alive() {
        return pid == MACHINE || Files.exists(Path.of("/proc", String.valueOf(pid)));
    }

    /** The pids whose parent is this process. */
    private List<Long> children() {
        List<Long> found = new java.util.ArrayList<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path process : processes) {
                long candidate = Long.parseLong(process.getFileName().toString());
                try {
                    if (Long.parseLong(statFields(candidate)[1]) == pid) { // ppid (field 4)
                        found.add(candidate);
                    }
                } catch (UncheckedIOException ended) {
                    // ended meanwhile
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /** The fields of {@code /proc/<pid>/stat} after the command name, which may hold spaces: [0] is field 3. */
    private String[] statFields(long process) {
        String stat = read(process, "stat");
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    private long statusValue(long process, String key) {
        for (String line : read(process, "status").split("\n")) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException("no " + key + " in /proc/" + process + "/status");
    }

    private long meminfo(String key) {
        for (String line : readProc("meminfo").split("\n")) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException("no " + key + " in /proc/meminfo");
    }

    private String read(long process, String file) {
        try {
            return Files.readString(Path.of("/proc", String.valueOf(process), file));
        } catch (IOException e) {
            throw new UncheckedIOException("process " + process + " (" + name + ") is gone", e);
        }
    }

    private static String readProc(String file) {
        try {
            return Files.readString(Path.of("/proc", file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return pid == MACHINE ? name + " (all processes)" : name + " (pid " + pid + (children ? ", with its children)" : ")");
    }
}
