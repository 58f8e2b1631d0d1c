package ai.novai.inference.observability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * The recent provider calls of each deployment, for the operator's view of its health (the {@code
 * DeploymentHealth} rpc): how many ended within a window, how many the provider failed, and their latency and
 * time to first chunk. Prometheus has the same calls as histograms since start; this answers "how is it doing
 * now" without a Prometheus. Bounded: the last {@value #KEPT} calls per deployment, and deployments are the
 * registry's.
 */
public final class DeploymentCalls {

    /** Calls kept per deployment; older ones are forgotten even inside the window. */
    static final int KEPT = 512;

    /** What the calls within the window measured. Percentiles are 0 when there was no sample. */
    public record Summary(long calls, long errors, double latencyP50Ms, double latencyP99Ms, double ttftP50Ms,
                          double ttftP99Ms) {
    }

    /** One call; {@code ttftMillis} is {@link Double#NaN} when it produced no first chunk (not streamed, or failed). */
    private record Call(long endedNanos, double millis, double ttftMillis, boolean failed) {
        boolean hasTtft() {
            return !Double.isNaN(ttftMillis);
        }
    }

    private final Duration window;
    private final LongSupplier nanoTime;
    private final ConcurrentMap<String, Ring> rings = new ConcurrentHashMap<>();

    /**
     * @param window   how far back a summary reaches
     * @param nanoTime the clock ({@link System#nanoTime} outside tests)
     */
    public DeploymentCalls(Duration window, LongSupplier nanoTime) {
        this.window = window;
        this.nanoTime = nanoTime;
    }

    /** How far back a summary reaches. */
    public Duration window() {
        return window;
    }

    /**
     * Takes note of a call that ended (not of one whose client left: that says nothing about the provider).
     *
     * @param deployment the deployment's name
     * @param duration   how long the call took
     * @param ttft       time to the first chunk, for a streamed call that produced one
     * @param failed     whether the provider failed it
     */
    public void record(String deployment, Duration duration, Optional<Duration> ttft, boolean failed) {
        rings.computeIfAbsent(deployment, name -> new Ring())
                .add(new Call(nanoTime.getAsLong(), duration.toNanos() / 1e6,
                              ttft.map(value -> value.toNanos() / 1e6).orElse(Double.NaN), failed));
    }

    /** The calls of a deployment that ended within the window. */
    public Summary summary(String deployment) {
        Ring ring = rings.get(deployment);
        List<Call> recent = ring == null ? List.of() : ring.since(nanoTime.getAsLong() - window.toNanos());
        double[] latencies = recent.stream().mapToDouble(Call::millis).sorted().toArray();
        double[] ttfts = recent.stream().filter(Call::hasTtft).mapToDouble(Call::ttftMillis).sorted().toArray();
        return new Summary(recent.size(), recent.stream().filter(Call::failed).count(),
                           percentile(latencies, 0.50), percentile(latencies, 0.99),
                           percentile(ttfts, 0.50), percentile(ttfts, 0.99));
    }

    // nearest rank: the smallest value with at least that share of the samples at or below it
    static double percentile(double[] sorted, double share) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(share * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static final class Ring {
        private final Call[] calls = new Call[KEPT];
        private int next;
        private int size;

        synchronized void add(Call call) {
            calls[next] = call;
            next = (next + 1) % KEPT;
            size = Math.min(size + 1, KEPT);
        }

        synchronized List<Call> since(long fromNanos) {
            List<Call> recent = new ArrayList<>(size);
            for (Call call : calls) {
                if (call != null && call.endedNanos() - fromNanos >= 0) {
                    recent.add(call);
                }
            }
            return recent;
        }
    }
}
