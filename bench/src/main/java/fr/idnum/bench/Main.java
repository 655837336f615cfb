package fr.idnum.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.nimbusds.jose.jwk.ECKey;

import fr.idnum.simulator.enrollment.RemoteVerdicts;
import fr.idnum.simulator.http.Http;

/**
 * The bench's command, against a running system (by default the run command's, {@code ./run.sh}):
 * <pre>
 * java -jar bench/target/idnum-bench-*-app.jar [--keycloak http://localhost:8080] [--realm idnum]
 *     [--enrollment http://localhost:8081] [--levels 10,50,200] [--sign-ins 5] [--warmup 3]
 *     [--kinds eidas1,otp,eidas2] [--creators 4] [--think 0]
 *     [--provider-key target/run/demo-verification-provider.jwk] [--provider-issuer https://demo-verification-provider.invalid]
 *     [--keycloak-pid PID] [--enrollment-pid PID] [--postgres-port 54329]
 * java -jar bench/target/idnum-bench-*-app.jar --enrollments 10,100 [same server options]
 * </pre>
 * With {@code --enrollments}, the bench measures enrollments end to end and activation-code redemptions instead of
 * sign-ins ({@link EnrollmentBench}), at each level of concurrency given.
 * The administrator comes from KC_BOOTSTRAP_ADMIN_USERNAME / KC_BOOTSTRAP_ADMIN_PASSWORD (the run command's demo
 * values by default). The server processes are found by the ports they listen on unless their pids are given;
 * PostgreSQL (the run command's, by default) is watched with its backends, and so are the bench itself and the
 * whole machine, so that each sign-in's CPU can be followed to every process that spent it.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        URI keycloak = URI.create(options.getOrDefault("keycloak", "http://localhost:8080"));
        String realm = options.getOrDefault("realm", "idnum");
        URI enrollment = URI.create(options.getOrDefault("enrollment", "http://localhost:8081"));
        URI issuer = URI.create(AdminApi.strip(keycloak.toString()) + "/realms/" + realm);
        AdminApi admin = AdminApi.withPassword(keycloak, realm, env("KC_BOOTSTRAP_ADMIN_USERNAME", "admin"),
                env("KC_BOOTSTRAP_ADMIN_PASSWORD", "demo-admin-not-for-production"));
        ECKey providerKey = ECKey.parse(Files.readString(Path.of(options.getOrDefault("provider-key", "target/run/demo-verification-provider.jwk"))));
        RemoteVerdicts verdicts = new RemoteVerdicts(enrollment, providerKey,
                options.getOrDefault("provider-issuer", env("IDNUM_REMOTE_VERIFICATION_ISSUER", "https://demo-verification-provider.invalid")),
                new Http(), Clock.systemUTC());

        List<ServerProcess> processes = new ArrayList<>();
        process(Report.KEYCLOAK, options.get("keycloak-pid"), port(keycloak)).ifPresent(processes::add);
        process(Report.ENROLLMENT, options.get("enrollment-pid"), port(enrollment)).ifPresent(processes::add);
        process(Report.POSTGRES, null, Integer.parseInt(options.getOrDefault("postgres-port", "54329")))
                .map(ServerProcess::withChildren).ifPresent(processes::add);
        processes.add(new ServerProcess(Report.BENCH, ProcessHandle.current().pid()));
        processes.add(ServerProcess.machine());
        processes.forEach(p -> System.out.println("[bench] watching " + p));

        Bench.Target target = new Bench.Target(issuer, enrollment, admin, verdicts::verified, processes);
        if (options.containsKey("enrollments")) {
            List<Integer> levels = Arrays.stream(options.get("enrollments").split(",")).map(String::trim).map(Integer::valueOf).toList();
            List<EnrollmentBench.Phase> phases = new EnrollmentBench(target, levels, System.out).run();
            System.out.println();
            EnrollmentBench.print(phases, processes.stream().map(ServerProcess::name).toList(), System.out);
            return;
        }
        Bench.Options run = new Bench.Options(
                Arrays.stream(options.getOrDefault("levels", "10,50,200").split(",")).map(String::trim).map(Integer::valueOf).toList(),
                Integer.parseInt(options.getOrDefault("sign-ins", "5")),
                Integer.parseInt(options.getOrDefault("warmup", "3")),
                Arrays.stream(options.getOrDefault("kinds", "eidas1,otp,eidas2").split(",")).map(SignInKind::parse).toList(),
                Integer.parseInt(options.getOrDefault("creators", "4")),
                Duration.ofMillis(Math.round(Double.parseDouble(options.getOrDefault("think", "0")) * 1000)));
        if (!run.think().isZero()) {
            System.out.printf("[bench] each phone approves %.1f s after it shows the challenge (--think)%n", run.think().toMillis() / 1000.0);
        }
        Report report = new Bench(target, run, System.out).run();
        System.out.println();
        report.print(System.out);
    }

    private static Optional<ServerProcess> process(String name, String pid, int port) {
        if (pid != null) {
            return Optional.of(new ServerProcess(name, Long.parseLong(pid)));
        }
        Optional<ServerProcess> found = ServerProcess.listeningOn(name, port);
        if (found.isEmpty()) {
            System.out.println("[bench] no process of this user listens on port " + port + ": " + name + " is not watched");
        }
        return found;
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                System.err.println("usage: see docs/benchmarks.md (options are --name value)");
                System.exit(2);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }
}
