package fr.idnum.bench;

import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import fr.idnum.simulator.enrollment.DemoOutbox;
import fr.idnum.simulator.http.Http;

/**
 * The benchmark: prepares the realm ({@link BenchRealm}), creates the citizens of each kind, warms the server up,
 * then for each concurrency level runs each kind in turn — {@code concurrency} virtual browsers each signing in
 * {@code signInsPerCitizen} times one after the other, each time as a citizen free at that moment ({@link CitizenPool})
 * — while watching the server processes; puts the realm back.
 * Kinds run one after the other so that each process's CPU time is that kind's alone.
 */
public final class Bench {

    /**
     * What to measure. {@code think}: how long each phone waits between showing the challenge and approving it (a
     * person reading the number and typing the code); zero approves at once.
     */
    public record Options(List<Integer> levels, int signInsPerCitizen, int warmupSignIns, List<SignInKind> kinds, int creators,
                          java.time.Duration think) {

        public Options {
            levels = List.copyOf(levels);
            kinds = List.copyOf(kinds);
            if (think.isNegative()) {
                throw new IllegalArgumentException("a negative think time: " + think);
            }
        }

        /** Phones that approve at once. */
        public Options(List<Integer> levels, int signInsPerCitizen, int warmupSignIns, List<SignInKind> kinds, int creators) {
            this(levels, signInsPerCitizen, warmupSignIns, kinds, creators, java.time.Duration.ZERO);
        }

        public int maxConcurrency() {
            return Collections.max(levels);
        }
    }

    /** What to measure against: the realm's issuer, the enrollment service, an administrator, the processes to watch. */
    public record Target(URI issuer, URI enrollmentService, AdminApi admin, IdentityCheck identityCheck, List<ServerProcess> processes) {
    }

    private final Target target;
    private final Options options;
    private final PrintStream log;

    public Bench(Target target, Options options, PrintStream log) {
        this.target = target;
        this.options = options;
        this.log = log;
    }

    public Report run() {
        ExecutorService phones = Executors.newCachedThreadPool(daemon("bench-phone"));
        try (BenchRealm realm = BenchRealm.prepare(target.admin());
             PushWatch pushes = new PushWatch(new DemoOutbox(target.enrollmentService(), new Http()))) {
            SignInDriver driver = new SignInDriver(SignInDriver.Endpoints.discover(target.issuer()), realm.clientSecret(),
                    pushes, phones, options.think());
            Map<SignInKind, CitizenPool> citizens = createCitizens(realm);
            List<SignInDriver.BrowserSlot> browsers = new ArrayList<>();
            for (int i = 0; i < options.maxConcurrency(); i++) {
                browsers.add(SignInDriver.BrowserSlot.create());
            }
            if (options.warmupSignIns() > 0) {
                for (SignInKind kind : options.kinds()) {
                    Sample warmup = measure(driver, kind, Math.min(5, options.maxConcurrency()), options.warmupSignIns(), citizens, browsers);
                    log.printf("[bench] warm-up %s: %d ok, %d errors%s%n", kind.label(), warmup.succeeded(), warmup.errors(), firstError(warmup));
                }
            }
            List<Sample> samples = new ArrayList<>();
            for (int level : options.levels()) {
                for (SignInKind kind : options.kinds()) {
                    Sample sample = measure(driver, kind, level, options.signInsPerCitizen(), citizens, browsers);
                    log.printf("[bench] %s x %d: %d ok, %d errors, %.1f/s%s%n", kind.label(), level, sample.succeeded(),
                            sample.errors(), sample.perSecond(), firstError(sample));
                    samples.add(sample);
                }
            }
            return new Report(samples, target.processes().stream().map(ServerProcess::name).toList());
        } finally {
            phones.shutdownNow();
        }
    }

    /** Sign-ins each kind makes over the run, warm-up included. */
    private long signInsPerKind() {
        long total = (long) Math.min(5, options.maxConcurrency()) * options.warmupSignIns();
        for (int level : options.levels()) {
            total += (long) level * options.signInsPerCitizen();
        }
        return total;
    }

    private Map<SignInKind, CitizenPool> createCitizens(BenchRealm realm) {
        CitizenFactory factory = new CitizenFactory(realm, target.issuer(), target.enrollmentService(), target.identityCheck());
        Map<SignInKind, CitizenPool> citizens = new EnumMap<>(SignInKind.class);
        ExecutorService creators = Executors.newFixedThreadPool(options.creators(), daemon("bench-enrol"));
        try {
            for (SignInKind kind : options.kinds()) {
                long start = System.nanoTime();
                int budget = kind == SignInKind.PUSH ? CitizenPool.PUSH_BUDGET : Integer.MAX_VALUE;
                int count = kind == SignInKind.PUSH ? CitizenPool.needed(options.maxConcurrency(), signInsPerKind(), budget)
                        : options.maxConcurrency();
                List<Future<Citizen>> made = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    made.add(creators.submit(() -> createWithOneRetry(factory, kind)));
                }
                List<Citizen> ready = new ArrayList<>();
                for (Future<Citizen> citizen : made) {
                    ready.add(citizen.get());
                }
                citizens.put(kind, new CitizenPool(ready, budget));
                log.printf("[bench] %d citizens for %s ready in %.1f s%n", ready.size(), kind.label(), (System.nanoTime() - start) / 1e9);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating citizens", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a citizen could not be created: " + e.getCause().getMessage(), e.getCause());
        } finally {
            creators.shutdownNow();
        }
        return citizens;
    }

    /**
     * A citizen, made again with a new account if the first try fails: making citizens is the bench's set-up, not
     * what it measures. The failure is printed, so that it is seen and can be followed up. Seen in CI: an app token
     * refused with 401 by the enrollment service, twice, once on both tries. Likeliest cause: the test framework
     * gives the realm new keys for each test class, and the service refused tokens of a new key while it would not
     * read the JWKS again (at most once a second there); it now reads it for every unknown key id (KeyRotationTest),
     * and each refusal it logs says why (RefusedTokens), which the bench ITs print when they fail.
     */
    private Citizen createWithOneRetry(CitizenFactory factory, SignInKind kind) {
        try {
            return factory.create(kind);
        } catch (RuntimeException first) {
            log.printf("[bench] a citizen for %s could not be created (%s: %s); trying once more with a new account%n",
                    kind.label(), first.getClass().getSimpleName(), first.getMessage());
            return factory.create(kind);
        }
    }

    private Sample measure(SignInDriver driver, SignInKind kind, int concurrency, int signInsEach,
                           Map<SignInKind, CitizenPool> citizens, List<SignInDriver.BrowserSlot> browsers) {
        List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        ProcessWatch watch = new ProcessWatch(target.processes());
        ExecutorService workers = Executors.newFixedThreadPool(concurrency, daemon("bench-citizen"));
        long start = System.nanoTime();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                SignInDriver.BrowserSlot browser = browsers.get(i);
                CitizenPool pool = citizens.get(kind);
                running.add(workers.submit(() -> {
                    for (int n = 0; n < signInsEach; n++) {
                        outcomes.add(pool.signIn(citizen -> driver.signIn(kind, citizen, browser)));
                    }
                }));
            }
            for (Future<?> citizen : running) {
                citizen.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            workers.shutdownNow();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        return new Sample(kind, concurrency, List.copyOf(outcomes), wall, watch.stop());
    }

    private static String firstError(Sample sample) {
        return sample.outcomes().stream().filter(o -> !o.ok()).findFirst().map(o -> " (first: " + o.error() + ")").orElse("");
    }

    static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Samples the processes' memory and threads every 200 ms, and their CPU time at start and stop. */
    static final class ProcessWatch {
        private final List<ServerProcess> processes;
        private final double[] cpuAtStart;
        private final double[] peakRss;
        private final int[] peakThreads;
        private final java.util.concurrent.ScheduledExecutorService sampler;

        ProcessWatch(List<ServerProcess> processes) {
            this.processes = processes;
            this.cpuAtStart = new double[processes.size()];
            this.peakRss = new double[processes.size()];
            this.peakThreads = new int[processes.size()];
            for (int i = 0; i < processes.size(); i++) {
                cpuAtStart[i] = processes.get(i).cpuSeconds();
            }
            sampler = Executors.newSingleThreadScheduledExecutor(daemon("bench-watch"));
            sampler.scheduleAtFixedRate(this::sample, 0, 200, TimeUnit.MILLISECONDS);
        }

        private synchronized void sample() {
            for (int i = 0; i < processes.size(); i++) {
                try {
                    ServerProcess.Usage usage = processes.get(i).usage();
                    peakRss[i] = Math.max(peakRss[i], usage.rssMiB());
                    peakThreads[i] = Math.max(peakThreads[i], usage.threads());
                } catch (RuntimeException e) {
                    // the process went away: its CPU figure will fail loudly at stop
                }
            }
        }

        List<Sample.ProcessFigures> stop() {
            sampler.shutdownNow();
            sample();
            List<Sample.ProcessFigures> figures = new ArrayList<>();
            synchronized (this) {
                for (int i = 0; i < processes.size(); i++) {
                    figures.add(new Sample.ProcessFigures(processes.get(i).name(), processes.get(i).cpuSeconds() - cpuAtStart[i],
                            peakRss[i], peakThreads[i]));
                }
            }
            return figures;
        }
    }
}
