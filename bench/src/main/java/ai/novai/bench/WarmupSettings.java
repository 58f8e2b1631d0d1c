package ai.novai.bench;

import java.time.Duration;
import java.util.List;

/**
 * The warm-up phase's settings ({@link WarmupPhase}), from system properties:
 * {@code bench.warmup-run} (60 s; quick 20 s) of load on each fresh NovAI, of which the last
 * {@code bench.warmup-steady} (20 s; quick 10 s) give its steady rate; {@code bench.warmup-training} (30 s;
 * quick 10 s) of load on the AOT cache's training run; {@code bench.warmup-rounds} (2; quick 1) passes over
 * the variants, in turns; {@code bench.warmup-variants} ({@code default,aot,c1}; see {@link WarmupVariant}).
 */
record WarmupSettings(Duration run, Duration steady, Duration training, int rounds, List<WarmupVariant> variants) {

    static final int CONCURRENCY = 16;

    WarmupSettings {
        if (steady.compareTo(run) > 0) {
            throw new IllegalArgumentException("bench.warmup-steady (" + steady + ") is longer than bench.warmup-run ("
                                                       + run + ")");
        }
        if (variants.isEmpty()) {
            throw new IllegalArgumentException("bench.warmup-variants is empty");
        }
    }

    static WarmupSettings fromSystemProperties(boolean quick) {
        return new WarmupSettings(duration("bench.warmup-run", quick ? "PT20S" : "PT60S"),
                                  duration("bench.warmup-steady", quick ? "PT10S" : "PT20S"),
                                  duration("bench.warmup-training", quick ? "PT10S" : "PT30S"),
                                  Integer.getInteger("bench.warmup-rounds", quick ? 1 : 2),
                                  WarmupVariant.parse(System.getProperty("bench.warmup-variants", "default,aot,c1")));
    }

    /** Whether any variant needs the AOT cache's training run first. */
    boolean trainsAotCache() {
        return variants.stream().anyMatch(WarmupVariant::usesAotCache);
    }

    private static Duration duration(String property, String defaultValue) {
        return Duration.parse(System.getProperty(property, defaultValue));
    }
}
