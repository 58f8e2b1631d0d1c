package ai.novai.bench;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongConsumer;

/**
 * Successes counted second by second from the moment it is made: bucket {@code i} holds those at
 * {@code [i, i + 1)} s. Successes after its length are left out. Safe to feed from many threads.
 */
final class ThroughputTimeline implements LongConsumer {

    private final long origin = System.nanoTime();
    private final AtomicLongArray perSecond;

    ThroughputTimeline(Duration length) {
        perSecond = new AtomicLongArray(Math.toIntExact(length.toSeconds()));
    }

    /** One success at {@code nanoTime} ({@link System#nanoTime()}). */
    @Override
    public void accept(long nanoTime) {
        long second = (nanoTime - origin) / 1_000_000_000L;
        if (second >= 0 && second < perSecond.length()) {
            perSecond.incrementAndGet((int) second);
        }
    }

    /** The successes of each second so far. */
    long[] perSecond() {
        long[] counts = new long[perSecond.length()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = perSecond.get(i);
        }
        return counts;
    }
}
