package ai.novai.bench;

import java.util.Arrays;
import java.util.OptionalInt;

/**
 * The requests a second of a fresh NovAI, from the first second of load, and what they say about its warm-up:
 * rates over ranges of seconds, the steady rate (the mean of the last {@code steadySeconds}), the share of it
 * reached in the first 10 s, and when a 3-s moving average first reaches 80 % of it. Seconds are counted
 * from 1.
 */
record WarmupCurve(long[] perSecond, int steadySeconds) {

    /** The share of the steady rate that counts as warm. */
    static final double WARM = 0.80;
    private static final int MOVING_AVERAGE = 3;

    WarmupCurve {
        if (steadySeconds < 1 || steadySeconds > perSecond.length) {
            throw new IllegalArgumentException("steady over " + steadySeconds + " of " + perSecond.length + " s");
        }
        perSecond = perSecond.clone();
    }

    /** The mean rate of seconds {@code first} to {@code last}, both included; NaN past the run's end. */
    double mean(int first, int last) {
        if (last > perSecond.length) {
            return Double.NaN;
        }
        return Arrays.stream(perSecond, first - 1, last).average().orElse(Double.NaN);
    }

    /** The mean rate over the last {@code steadySeconds}. */
    double steady() {
        return mean(perSecond.length - steadySeconds + 1, perSecond.length);
    }

    /** The mean rate of the first 10 s over the steady rate. */
    double firstTenSecondsShare() {
        return mean(1, 10) / steady();
    }

    /**
     * The first second at whose end the mean of it and the two before (fewer in seconds 1 and 2) is at least
     * 80 % of the steady rate; empty when none is.
     */
    OptionalInt secondsToWarm() {
        double threshold = WARM * steady();
        for (int second = 1; second <= perSecond.length; second++) {
            if (mean(Math.max(1, second - MOVING_AVERAGE + 1), second) >= threshold) {
                return OptionalInt.of(second);
            }
        }
        return OptionalInt.empty();
    }

    /** The rates of seconds 1 to {@code last} (or fewer), for the report. */
    long[] first(int last) {
        return Arrays.copyOf(perSecond, Math.min(last, perSecond.length));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WarmupCurve curve && steadySeconds == curve.steadySeconds
                && Arrays.equals(perSecond, curve.perSecond);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(perSecond) + steadySeconds;
    }

    @Override
    public String toString() {
        return "WarmupCurve" + Arrays.toString(perSecond);
    }
}
