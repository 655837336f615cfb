package fr.idnum.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Enrollments end to end, many at once, as the phone app goes through them (the simulator library): at each level
 * of concurrency, that many citizens with an account (made first through the admin API, not measured) enroll at
 * the same moment — the app's sign-in, identity data, SMS code, remote check, activation code by registered letter
 * — and then, all ready, redeem their activation codes at the same moment (the activation: a key pair, a 4-digit
 * code, the code redeemed by Keycloak at the enrollment service). Each of the two phases is timed on its own, with
 * each server's CPU over it: enrollments per second and activation-code redemptions per second.
 */
public final class EnrollmentBench {

    /** One phase at one level: each try's time (ns) or its failure, the phase's wall time, the servers' figures. */
    public record Phase(String name, int concurrency, List<Long> nanos, List<String> errors, double wallSeconds,
                        List<Sample.ProcessFigures> processes) {

        public Phase {
            nanos = List.copyOf(nanos);
            errors = List.copyOf(errors);
            processes = List.copyOf(processes);
        }

        public double perSecond() {
            return wallSeconds <= 0 ? 0 : nanos.size() / wallSeconds;
        }

        public double latencyMillis(double percentile) {
            return Sample.percentile(nanos.stream().map(n -> n / 1e6).toList(), percentile);
        }

        /** CPU ms of {@code process} per successful try over the phase (NaN when not watched or none succeeded). */
        public double cpuMillisPerTry(String process) {
            return processes.stream().filter(p -> p.name().equals(process)).findFirst()
                    .filter(p -> !nanos.isEmpty()).map(p -> p.cpuSeconds() * 1000 / nanos.size()).orElse(Double.NaN);
        }

        public Optional<Sample.ProcessFigures> process(String name) {
            return processes.stream().filter(p -> p.name().equals(name)).findFirst();
        }
    }

    static final String ENROLLMENT = "enrollment (sign-in to code)";
    static final String ACTIVATION = "activation (code redeemed)";

    private final Bench.Target target;
    private final List<Integer> levels;
    private final PrintStream log;

    public EnrollmentBench(Bench.Target target, List<Integer> levels, PrintStream log) {
        this.target = target;
        this.levels = List.copyOf(levels);
        this.log = log;
    }

    /** Runs every level, puts the realm back, and returns the phases in order (enrollment, activation per level). */
    public List<Phase> run() {
        List<Phase> phases = new ArrayList<>();
        try (BenchRealm realm = BenchRealm.prepare(target.admin())) {
            CitizenFactory factory = new CitizenFactory(realm, target.issuer(), target.enrollmentService(), target.identityCheck());
            for (int level : levels) {
                List<Citizen> accounts = new ArrayList<>();
                for (int i = 0; i < level; i++) {
                    accounts.add(factory.withPassword());
                }
                List<CitizenFactory.PendingActivation> pending = new ArrayList<>();
                Phase enrollment = phase(ENROLLMENT, accounts, factory::enrolledUntilActivation, pending);
                log.printf(Locale.ROOT, "[bench] %s x %d: %d ok, %d errors, %.1f/s%s%n", ENROLLMENT, level, enrollment.nanos().size(),
                        enrollment.errors().size(), enrollment.perSecond(), first(enrollment));
                Phase activation = phase(ACTIVATION, pending, factory::activate, new ArrayList<>());
                log.printf(Locale.ROOT, "[bench] %s x %d: %d ok, %d errors, %.1f/s%s%n", ACTIVATION, pending.size(), activation.nanos().size(),
                        activation.errors().size(), activation.perSecond(), first(activation));
                phases.add(enrollment);
                phases.add(activation);
            }
        }
        return phases;
    }

    /** Every input through {@code step} at once (released together), each timed; what succeeded goes to {@code results}. */
    private <I, O> Phase phase(String name, List<I> inputs, Function<I, O> step, List<O> results) {
        int concurrency = inputs.size();
        ExecutorService workers = Executors.newFixedThreadPool(Math.max(1, concurrency), Bench.daemon("bench-enrollment"));
        CountDownLatch ready = new CountDownLatch(concurrency);
        CountDownLatch go = new CountDownLatch(1);
        List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<?>> running = new ArrayList<>();
            for (I input : inputs) {
                Callable<Void> task = () -> {
                    ready.countDown();
                    go.await();
                    long start = System.nanoTime();
                    try {
                        O result = step.apply(input);
                        nanos.add(System.nanoTime() - start);
                        synchronized (results) {
                            results.add(result);
                        }
                    } catch (RuntimeException e) {
                        errors.add(SignInDriver.reason(e));
                    }
                    return null;
                };
                running.add(workers.submit(task));
            }
            ready.await();
            Bench.ProcessWatch watch = new Bench.ProcessWatch(target.processes());
            long start = System.nanoTime();
            go.countDown();
            for (Future<?> each : running) {
                each.get();
            }
            double wall = (System.nanoTime() - start) / 1e9;
            return new Phase(name, concurrency, nanos, errors, wall, watch.stop());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            workers.shutdownNow();
        }
    }

    private static String first(Phase phase) {
        return phase.errors().isEmpty() ? "" : " (first: " + phase.errors().get(0) + ")";
    }

    /** The phases as one table, then each phase's errors counted by reason. */
    public static void print(List<Phase> phases, List<String> processes, PrintStream out) {
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-28s %5s %6s %5s %7s %7s %7s %7s",
                "phase", "conc", "ok", "err", "/s", "p50 ms", "p95 ms", "p99 ms"));
        for (String process : processes) {
            String name = Report.abbreviate(process);
            header.append(String.format(Locale.ROOT, " %13s %9s %7s", name + " CPU ms/op", name + " MiB", name + " thr"));
        }
        out.println(header);
        for (Phase phase : phases) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-28s %5d %6d %5d %7.1f %7.0f %7.0f %7.0f",
                    phase.name(), phase.concurrency(), phase.nanos().size(), phase.errors().size(), phase.perSecond(),
                    phase.latencyMillis(50), phase.latencyMillis(95), phase.latencyMillis(99)));
            for (String process : processes) {
                Optional<Sample.ProcessFigures> figures = phase.process(process);
                row.append(String.format(Locale.ROOT, " %13.1f %9.0f %7d", phase.cpuMillisPerTry(process),
                        figures.map(Sample.ProcessFigures::peakRssMiB).orElse(Double.NaN),
                        figures.map(Sample.ProcessFigures::peakThreads).orElse(0)));
            }
            out.println(row);
        }
        for (Phase phase : phases) {
            Map<String, Long> counts = new TreeMap<>();
            phase.errors().forEach(e -> counts.merge(e, 1L, Long::sum));
            counts.forEach((error, count) -> out.printf(Locale.ROOT, "Errors %s x %d: %d x %s%n", phase.name(), phase.concurrency(), count, error));
        }
    }
}
