package fr.idnum.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The samples of a run, printed as one table, with the CPU ratio of push to password and each kind's best rate. */
public record Report(List<Sample> samples, List<String> processes) {

    public static final String KEYCLOAK = "keycloak";
    public static final String ENROLLMENT = "enrollment";
    public static final String POSTGRES = "postgres";
    public static final String BENCH = "bench";
    public static final String MACHINE = "machine";

    public void print(PrintStream out) {
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-16s %5s %6s %5s %7s %7s %7s %7s",
                "kind", "conc", "ok", "err", "/s", "p50 ms", "p95 ms", "p99 ms"));
        for (String process : processes) {
            String name = abbreviate(process);
            header.append(String.format(Locale.ROOT, " %13s %9s %7s", name + " CPU ms/op", name + " MiB", name + " thr"));
        }
        header.append(String.format(Locale.ROOT, " %17s %9s", "appr->RP p50/p95", "pushed"));
        out.println(header);
        for (Sample s : samples) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-16s %5d %6d %5d %7.1f %7.0f %7.0f %7.0f",
                    s.kind().label(), s.concurrency(), s.succeeded(), s.errors(), s.perSecond(),
                    s.latencyMillis(50), s.latencyMillis(95), s.latencyMillis(99)));
            for (String process : processes) {
                Sample.ProcessFigures p = s.process(process);
                row.append(String.format(Locale.ROOT, " %13.1f %9.0f %7d", s.cpuMillisPerSignIn(process), p.peakRssMiB(), p.peakThreads()));
            }
            if (s.kind() == SignInKind.PUSH) {
                row.append(String.format(Locale.ROOT, " %8.0f/%-8.0f %4d/%-4d", s.approvalToArrivalMillis(50), s.approvalToArrivalMillis(95),
                        s.pushesDelivered(), s.outcomes().size()));
            }
            out.println(row);
        }
        for (Sample s : samples) {
            if (s.kind() == SignInKind.PUSH && !Double.isNaN(s.approvalPhaseMillis(Outcome.ApprovalPhases::approved, 50))) {
                out.printf(Locale.ROOT, "Approval -> RP, eidas2 push x %d, p50 (p95) ms from the phone sending its approval: its request "
                                + "answered %.0f (%.0f), the waiting page told %.0f (%.0f), the browser holding the code %.0f (%.0f)%n",
                        s.concurrency(),
                        s.approvalPhaseMillis(Outcome.ApprovalPhases::approved, 50), s.approvalPhaseMillis(Outcome.ApprovalPhases::approved, 95),
                        s.approvalPhaseMillis(Outcome.ApprovalPhases::browserKnows, 50), s.approvalPhaseMillis(Outcome.ApprovalPhases::browserKnows, 95),
                        s.approvalPhaseMillis(Outcome.ApprovalPhases::arrived, 50), s.approvalPhaseMillis(Outcome.ApprovalPhases::arrived, 95));
            }
        }
        for (Sample s : samples) {
            s.errorCounts().forEach((error, count) -> out.printf(Locale.ROOT, "Errors %s x %d: %d x %s%n",
                    s.kind().label(), s.concurrency(), count, error));
        }
        for (Map.Entry<Integer, Double> ratio : cpuRatios().entrySet()) {
            out.printf(Locale.ROOT, "Keycloak CPU per sign-in, eidas2 push / eidas1 password, at %d concurrent: %.2f%n",
                    ratio.getKey(), ratio.getValue());
        }
        int cores = Runtime.getRuntime().availableProcessors();
        for (Sample s : samples) {
            double machine = s.cpuMillisPerSignIn(MACHINE);
            double keycloak = s.cpuMillisPerSignIn(KEYCLOAK);
            if (!Double.isNaN(machine) && !Double.isNaN(keycloak) && s.succeeded() > 0) {
                out.printf(Locale.ROOT, "CPU of %s x %d: %.0f ms per sign-in on the machine, %.0f of it Keycloak's: %d cores "
                                + "would serve %.1f/s with everything on them (%.1f/s measured), %.1f/s for Keycloak's part alone%n",
                        s.kind().label(), s.concurrency(), machine, keycloak, cores, cores * 1000 / machine, s.perSecond(),
                        cores * 1000 / keycloak);
            }
        }
        for (SignInKind kind : SignInKind.values()) {
            best(kind).ifPresent(s -> out.printf(Locale.ROOT, "Best rate %s: %.1f sign-ins/s (at %d concurrent)%n",
                    kind.label(), s.perSecond(), s.concurrency()));
        }
    }

    /** Keycloak CPU per eidas2 sign-in over Keycloak CPU per eidas1 sign-in, by concurrency (when both ran). */
    public Map<Integer, Double> cpuRatios() {
        Map<Integer, Double> ratios = new TreeMap<>();
        for (Sample push : samples) {
            if (push.kind() != SignInKind.PUSH) {
                continue;
            }
            samples.stream().filter(s -> s.kind() == SignInKind.PASSWORD && s.concurrency() == push.concurrency()).findFirst()
                    .ifPresent(password -> ratios.put(push.concurrency(),
                            push.cpuMillisPerSignIn(KEYCLOAK) / password.cpuMillisPerSignIn(KEYCLOAK)));
        }
        return ratios;
    }

    public Optional<Sample> best(SignInKind kind) {
        return samples.stream().filter(s -> s.kind() == kind).max(java.util.Comparator.comparingDouble(Sample::perSecond));
    }

    static String abbreviate(String process) {
        return switch (process) {
            case KEYCLOAK -> "KC";
            case ENROLLMENT -> "ENR";
            case POSTGRES -> "PG";
            case BENCH -> "BNCH";
            case MACHINE -> "ALL";
            default -> process.length() > 4 ? process.substring(0, 4) : process;
        };
    }
}
