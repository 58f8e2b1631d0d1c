package ai.novai.gateway.limits;

/**
 * The in-process twin of the Redis windows of {@code admit.lua}: counts per second over the last 60
 * seconds. Not thread-safe; its owner synchronises.
 */
final class SlidingWindow {

    static final int SECONDS = 60;

    private final long[] second = new long[SECONDS];
    private final long[] count = new long[SECONDS];

    SlidingWindow() {
        java.util.Arrays.fill(second, Long.MIN_VALUE);
    }

    /** The total counted in the window that ends at {@code now}. */
    long used(long now) {
        long used = 0;
        for (int i = 0; i < SECONDS; i++) {
            if (live(i, now)) {
                used += count[i];
            }
        }
        return used;
    }

    void add(long now, long amount) {
        int i = index(now);
        if (second[i] != now) {
            second[i] = now;
            count[i] = 0;
        }
        count[i] += amount;
    }

    /** Takes back what was counted in {@code slot}, if that second is still in the window. */
    void refund(long slot, long amount, long now) {
        int i = index(slot);
        if (second[i] == slot && live(i, now)) {
            count[i] = Math.max(0, count[i] - amount);
        }
    }

    /** Milliseconds until {@code need} more fit under {@code limit}. */
    long waitMillis(long nowMillis, long need, long limit) {
        long now = Math.floorDiv(nowMillis, 1000);
        long excess = used(now) + need - limit;
        for (long s = now - SECONDS + 1; s <= now; s++) {
            int i = index(s);
            if (second[i] == s) {
                excess -= count[i];
                if (excess <= 0) {
                    return Math.max(1, (s + SECONDS) * 1000 - nowMillis);
                }
            }
        }
        return SECONDS * 1000L;
    }

    /** Milliseconds until everything counted has left the window. */
    long resetMillis(long nowMillis) {
        long now = Math.floorDiv(nowMillis, 1000);
        for (long s = now; s > now - SECONDS; s--) {
            int i = index(s);
            if (second[i] == s && count[i] > 0) {
                return Math.max(0, (s + SECONDS) * 1000 - nowMillis);
            }
        }
        return 0;
    }

    private boolean live(int i, long now) {
        return second[i] > now - SECONDS && second[i] <= now;
    }

    private static int index(long second) {
        return (int) Math.floorMod(second, SECONDS);
    }
}
