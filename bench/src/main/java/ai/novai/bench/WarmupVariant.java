package ai.novai.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The JVM set-ups the warm-up phase compares ({@link WarmupPhase}), each added to the services' usual options
 * ({@code bench.service-jvm-options}); {@code bench.warmup-variants} picks some by {@link #key()}.
 */
enum WarmupVariant {
    /** The services' options as they are. */
    DEFAULT(List.of(), false),
    /**
     * JDK 24+'s AOT cache (JEPs 483, 514, 515): classes loaded and linked, and method profiles, from a training
     * run of the same jars under the same load; one cache per service ({@link AotCache}).
     */
    AOT(List.of(), true),
    /**
     * The same AOT cache without its method profiles (JEP 515; a diagnostic switch): classes loaded and linked
     * only, to tell the two halves of the cache apart.
     */
    AOT_NO_PROFILES(List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTReplayTraining"), true),
    /** C1 only: compiles soon and cheaply, never reaches C2's code; {@code ./novai dev}'s choice. */
    C1(List.of("-XX:TieredStopAtLevel=1"), false),
    /** Full tiered compilation with every compile threshold at a quarter: hot code compiled sooner. */
    EARLY_JIT(List.of("-XX:CompileThresholdScaling=0.25"), false);

    private final List<String> options;
    private final boolean aotCache;

    WarmupVariant(List<String> options, boolean aotCache) {
        this.options = options;
        this.aotCache = aotCache;
    }

    /** The name {@code bench.warmup-variants} uses, e.g. {@code early-jit}. */
    String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Options added to every service's JVM. */
    List<String> options() {
        return options;
    }

    /** Whether it needs an AOT cache trained first. */
    boolean usesAotCache() {
        return aotCache;
    }

    /** Options of one service's JVM only, by service name: the cache to use, for {@link #AOT}. */
    Function<String, List<String>> serviceOptions(AotCache cache) {
        return aotCache ? cache::useOptions : service -> List.of();
    }

    /** What is added to the JVMs, for the report. */
    String describe() {
        List<String> added = aotCache ? Stream.concat(Stream.of("-XX:AOTCache=<svc>.aot"), options.stream()).toList()
                : options;
        return added.isEmpty() ? "—" : "`" + String.join(" ", added) + "`";
    }

    /** The variants of a comma-separated list of keys, in the list's order. */
    static List<WarmupVariant> parse(String keys) {
        return Arrays.stream(keys.split(","))
                .map(String::strip)
                .filter(key -> !key.isEmpty())
                .map(WarmupVariant::byKey)
                .toList();
    }

    private static WarmupVariant byKey(String key) {
        for (WarmupVariant variant : values()) {
            if (variant.key().equals(key)) {
                return variant;
            }
        }
        List<String> keys = Arrays.stream(values()).map(WarmupVariant::key).toList();
        throw new IllegalArgumentException("bench.warmup-variants: no variant " + key + "; there are "
                                                   + String.join(",", keys));
    }
}
