package fr.idnum.e2e.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Keycloak server the test framework started, seen from outside as an operator would see it: the operating
 * system's count of its threads ({@code /proc/<pid>/status}) and its live heap ({@code jcmd <pid> GC.run}, then
 * {@code GC.heap_info}).
 */
public final class KeycloakProcess {

    private static final Pattern USED = Pattern.compile("total \\d+K, used (\\d+)K");

    private final ProcessHandle process;

    private KeycloakProcess(ProcessHandle process) {
        this.process = process;
    }

    /** The distribution's JVM: a descendant of this test JVM running Quarkus' entry point. */
    public static KeycloakProcess find() {
        return new KeycloakProcess(ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains("kc.home.dir") || c.contains("QuarkusEntryPoint")).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("no Keycloak process among this JVM's descendants")));
    }

    public long pid() {
        return process.pid();
    }

    /** Threads of the process, as the kernel counts them. */
    public int threads() throws IOException {
        return Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status")).stream()
                .filter(line -> line.startsWith("Threads:"))
                .mapToInt(line -> Integer.parseInt(line.substring("Threads:".length()).trim()))
                .findFirst().orElseThrow();
    }

    /** Heap in MiB (all generations) still used after a full collection: what the server really holds. */
    public double liveHeapMiB() throws IOException, InterruptedException {
        jcmd("GC.run");
        String out = jcmd("GC.heap_info");
        long kib = 0;
        for (String line : List.of(out.split("\n"))) {
            Matcher used = USED.matcher(line);
            if (used.find()) {
                kib += Long.parseLong(used.group(1));
            }
        }
        return kib / 1024.0;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        Process jcmd = new ProcessBuilder(java.resolveSibling("jcmd").toString(), String.valueOf(pid()), command)
                .redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(30, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            throw new IOException("jcmd " + command + " failed: " + out);
        }
        return out;
    }
}
