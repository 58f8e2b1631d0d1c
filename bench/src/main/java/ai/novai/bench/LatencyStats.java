package ai.novai.bench;

import java.util.Arrays;
import java.util.Collection;

/**
 * Latencies of one measurement, exact: every sample is kept (in nanoseconds) and sorted, so percentiles
 * are read off the data rather than estimated. A 10-second step at a few thousand requests a second is a
 * few hundred kilobytes, so no histogram is needed.
 */
public final class LatencyStats {

    private static final LatencyStats EMPTY = new LatencyStats(new long[0]);

    private final long[] sortedNanos;

    private LatencyStats(long[] sortedNanos) {
        this.sortedNanos = sortedNanos;
    }

    /** No samples. */
    public static LatencyStats empty() {
        return EMPTY;
    }

    /** The samples of all recorders together. */
    public static LatencyStats merge(Collection<Recorder> recorders) {
        long[] all = new long[recorders.stream().mapToInt(recorder -> recorder.size).sum()];
        int at = 0;
        for (Recorder recorder : recorders) {
            System.arraycopy(recorder.nanos, 0, all, at, recorder.size);
            at += recorder.size;
        }
        Arrays.sort(all);
        return new LatencyStats(all);
    }

    /** Number of samples. */
    public int count() {
        return sortedNanos.length;
    }

    /**
     * The nearest-rank percentile in milliseconds: the smallest sample that at least {@code percent}% of
     * the samples are not greater than. {@code NaN} without samples.
     */
    public double percentileMillis(double percent) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sortedNanos.length);
        return toMillis(sortedNanos[Math.clamp(rank - 1, 0, sortedNanos.length - 1)]);
    }

    /** The median in milliseconds. */
    public double p50() {
        return percentileMillis(50);
    }

    /** The 99th percentile in milliseconds. */
    public double p99() {
        return percentileMillis(99);
    }

    /** The largest sample in milliseconds. */
    public double maxMillis() {
        return sortedNanos.length == 0 ? Double.NaN : toMillis(sortedNanos[sortedNanos.length - 1]);
    }

    private static double toMillis(long nanos) {
        return nanos / 1_000_000.0;
    }

    /**
     * Collects the samples of one load-generator worker: not thread-safe on purpose, one per thread, so
     * recording is an array store and never contends. Bounded: beyond {@link #MAX_SAMPLES} it drops.
     */
    public static final class Recorder {

        /** More samples than one worker can produce in any step of this benchmark. */
        static final int MAX_SAMPLES = 4_000_000;

        private long[] nanos = new long[1024];
        private int size;

        /** Adds one latency. */
        public void record(long latencyNanos) {
            if (size == nanos.length) {
                if (size == MAX_SAMPLES) {
                    return;
                }
                nanos = Arrays.copyOf(nanos, Math.min(size * 2, MAX_SAMPLES));
            }
            nanos[size++] = latencyNanos;
        }
    }
}
