package fr.idnum.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What one kind of sign-in gave at one concurrency: the outcomes, the wall time, and for each server process the
 * CPU seconds it consumed meanwhile and its peak resident memory and threads.
 */
public record Sample(SignInKind kind, int concurrency, List<Outcome> outcomes, double wallSeconds,
                     List<ProcessFigures> processes) {

    /** One server process over the sample. */
    public record ProcessFigures(String name, double cpuSeconds, double peakRssMiB, int peakThreads) {
    }

    public long succeeded() {
        return outcomes.stream().filter(Outcome::ok).count();
    }

    public long errors() {
        return outcomes.size() - succeeded();
    }

    public double perSecond() {
        return succeeded() / wallSeconds;
    }

    /** Latency percentile of the successful sign-ins, in ms (NaN without any). */
    public double latencyMillis(double percentile) {
        return percentile(outcomes.stream().filter(Outcome::ok).map(o -> o.nanos() / 1e6).toList(), percentile);
    }

    /**
     * For push: a phase of the approval's way to the relying party ({@link Outcome.ApprovalPhases}), from the phone
     * sending its approval, in ms (NaN when no sign-in of this sample recorded it).
     */
    public double approvalPhaseMillis(java.util.function.ToLongFunction<Outcome.ApprovalPhases> phase, double percentile) {
        return percentile(outcomes.stream().filter(o -> o.ok() && o.phases() != null && phase.applyAsLong(o.phases()) >= 0)
                .map(o -> phase.applyAsLong(o.phases()) / 1e6).toList(), percentile);
    }

    /** For push: from the phone's approval to the browser holding the code, in ms (NaN for other kinds). */
    public double approvalToArrivalMillis(double percentile) {
        return percentile(outcomes.stream().filter(o -> o.ok() && o.approvalToArrivalNanos() >= 0)
                .map(o -> o.approvalToArrivalNanos() / 1e6).toList(), percentile);
    }

    /** For push: from the waiting page's arrival to the push seen at the phone, in ms (NaN for other kinds). */
    public double pushMillis(double percentile) {
        return percentile(outcomes.stream().filter(o -> o.pushNanos() >= 0).map(o -> o.pushNanos() / 1e6).toList(), percentile);
    }

    /** The errors by their reason's first 100 characters, most frequent first. */
    public java.util.Map<String, Long> errorCounts() {
        java.util.Map<String, Long> counts = new java.util.HashMap<>();
        outcomes.stream().filter(o -> !o.ok()).forEach(o -> counts.merge(
                o.error().length() > 100 ? o.error().substring(0, 100) : o.error(), 1L, Long::sum));
        java.util.Map<String, Long> sorted = new java.util.LinkedHashMap<>();
        counts.entrySet().stream().sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    public long pushesDelivered() {
        return outcomes.stream().filter(Outcome::pushDelivered).count();
    }

    /** CPU milliseconds the named process spent per successful sign-in (NaN when not watched). */
    public double cpuMillisPerSignIn(String process) {
        return processes.stream().filter(p -> p.name().equals(process)).findFirst()
                .map(p -> p.cpuSeconds() * 1000 / Math.max(1, succeeded())).orElse(Double.NaN);
    }

    public ProcessFigures process(String name) {
        return processes.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    static double percentile(List<Double> values, double percentile) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
