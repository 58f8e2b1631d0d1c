package ai.novai.bench;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The parts of a run that {@code bench.phases} selects, so that a developer who changed one path can
 * rerun its part in a minute or two instead of the whole benchmark. They run in this order.
 */
public enum Phase {
    /**
     * Warm-up, non-streaming and streaming chat completions, direct, through NovAI on its embedded defaults
     * and through NovAI on the production path ({@link ChatPhase}).
     */
    CHAT,
    /** Single-sentence embeddings through NovAI beside the same model called in process. */
    EMBEDDINGS,
    /** Thousands of slow streams held open, directly and through NovAI. */
    STREAMS,
    /** Chat throughput through NovAI with every request traced and exported, beside tracing off. */
    TRACING,
    /**
     * Success rates against an upstream failing 5, 20 and 50 % of the requests (half 500, half 429), directly
     * and through NovAI ({@link BrownoutPhase}).
     */
    BROWNOUT,
    /**
     * Inline batches of chat lines run by the gateway's batch workers: lines a second to completion, and the
     * interactive chat p99 beside them against without ({@link BatchPhase}).
     */
    BATCH,
    /**
     * A thousand clients that read one event a second from fast streams, directly and through NovAI: what
     * a slow-reading stream costs in memory, and whether the backpressure reaches the upstream
     * ({@link SlowReaderPhase}). Last, because it can leave the gateway's heap nearly full for a while.
     */
    SLOW_READERS,
    /**
     * Mixed traffic through NovAI for half an hour, each service's memory sampled: whether it stays flat
     * after warm-up ({@link SoakPhase}). Only when asked for by name: it is not part of the default run.
     */
    SOAK,
    /**
     * Fresh NovAIs under chat load from their first second, per JVM set-up (default, AOT cache, C1 only...): how
     * soon each reaches its steady rate ({@link WarmupPhase}). Only when asked for by name.
     */
    WARMUP;

    /** The phases of a run that names none: all but the soak and the warm-up. */
    public static final Set<Phase> DEFAULT = EnumSet.complementOf(EnumSet.of(SOAK, WARMUP));

    /** The name {@code bench.phases} uses, e.g. {@code slow-readers}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The phases of a comma-separated list of names, e.g. {@code embeddings} or {@code chat,streams}.
     *
     * @throws IllegalArgumentException on an unknown name or an empty list
     */
    public static Set<Phase> parse(String names) {
        String all = keys(EnumSet.allOf(Phase.class));
        Set<Phase> phases = EnumSet.noneOf(Phase.class);
        for (String name : names.split(",")) {
            String key = name.strip();
            if (!key.isEmpty()) {
                phases.add(Arrays.stream(values()).filter(phase -> phase.key().equals(key)).findFirst().orElseThrow(
                        () -> new IllegalArgumentException("bench.phases: no phase " + key + "; there are " + all)));
            }
        }
        if (phases.isEmpty()) {
            throw new IllegalArgumentException("bench.phases is empty; the phases are " + all);
        }
        return phases;
    }

    /** The names of some phases, comma-separated, in run order. */
    public static String keys(Set<Phase> phases) {
        return phases.stream().sorted().map(Phase::key).collect(Collectors.joining(","));
    }
}
