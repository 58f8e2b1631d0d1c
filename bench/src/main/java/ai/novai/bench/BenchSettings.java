package ai.novai.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What one run does, from system properties ({@code bench/run.sh} passes them through), with defaults
 * that keep a full run within about ten minutes of measuring:
 * <table>
 *     <caption>properties</caption>
 *     <tr><td>{@code bench.root}</td><td>repository root (where {@code services/} is)</td></tr>
 *     <tr><td>{@code bench.output}</td><td>Markdown report file ({@code bench/results/latest.md})</td></tr>
 *     <tr><td>{@code bench.work-dir}</td><td>registry, database and service logs of the run</td></tr>
 *     <tr><td>{@code bench.phases}</td><td>which parts run, comma-separated, of {@code chat},
 *     {@code embeddings}, {@code streams}, {@code tracing}, {@code brownout}, {@code batch},
 *     {@code slow-readers}, {@code soak} (all but the soak by default; see {@link Phase})</td></tr>
 *     <tr><td>{@code bench.quick}</td><td>{@code true}: seconds instead of minutes, 500 streams, 100 slow
 *     readers; to check the harness, not to quote</td></tr>
 *     <tr><td>{@code bench.warmup}, {@code bench.step-warmup}, {@code bench.measure}</td><td>ISO-8601
 *     durations ({@code PT10S}) of the initial warm-up per target, and of each step's warm-up and
 *     measurement</td></tr>
 *     <tr><td>{@code bench.concurrency}, {@code bench.ttft-concurrency},
 *     {@code bench.embedding-concurrency}</td><td>comma-separated levels of the non-streaming, streaming and
 *     embedding steps</td></tr>
 *     <tr><td>{@code bench.embedding-batch}</td><td>sentences per call of the in-process batched loop
 *     (32, the batcher's {@code max-batch})</td></tr>
 *     <tr><td>{@code bench.streams}, {@code bench.stream-pace}, {@code bench.stream-ramp}</td><td>the
 *     held-open streams: how many, their pace ({@code 30x1000}: 30 chunks 1 s apart), how long starting
 *     them all takes</td></tr>
 *     <tr><td>{@code bench.slow-readers}, {@code bench.slow-reader-pace}, {@code bench.slow-reader-ramp},
 *     {@code bench.slow-reader-hold}, {@code bench.slow-reader-interval},
 *     {@code bench.slow-reader-receive-buffer}, {@code bench.slow-reader-mss},
 *     {@code bench.slow-reader-upstream-send-buffer}</td><td>the slow readers: how many (1,000), the
 *     upstream's pace ({@code 3000x20x1024}: 50 chunks a second for a minute, 1 KiB of content each), how long starting them all takes
 *     (5 s), how long each reads (60 s), how far apart it reads events (1 s), its socket's receive buffer
 *     (16,384 bytes asked for), the MSS it announces (1,460, Ethernet's; 0 keeps loopback's 65,483), the
 *     send buffer of the fake upstream's connections for these streams (32,768 bytes asked for; 0 lets
 *     Linux size it)</td></tr>
 *     <tr><td>{@code bench.tracing-rounds}, {@code bench.tracing-concurrency}</td><td>the tracing phase:
 *     how many off/on pairs of steps, at which concurrency (6 and 16)</td></tr>
 *     <tr><td>{@code bench.soak}, {@code bench.soak-warmup}, {@code bench.soak-sample},
 *     {@code bench.soak-live-heap-every}, {@code bench.soak-rate}, {@code bench.soak-in-flight}</td><td>the
 *     memory soak (only when {@code bench.phases} names {@code soak}): how long (30 min), how much of it is
 *     warm-up (5 min), how often resident memory is sampled (10 s) and the live heap after a full collection
 *     (5 min), requests a second (40), most in flight (256)</td></tr>
 *     <tr><td>{@code bench.max-run}</td><td>the watchdog: the run stops after this (20 min; with the soak,
 *     its length plus 5 min, plus 25 with other phases)</td></tr>
 *     <tr><td>{@code bench.service-jvm-options}</td><td>options of the NovAI JVMs, space-separated</td></tr>
 *     <tr><td>{@code bench.gateway-jvm-options}</td><td>more options of the gateway's JVM only, e.g.
 *     {@code -Dserver.connection-options.socket-send-buffer-size=65536}</td></tr>
 * </table>
 */
public record BenchSettings(Path root, Path output, Path workDir, Set<Phase> phases, boolean quick,
                            Duration warmup, Duration stepWarmup, Duration measure,
                            List<Integer> concurrency, List<Integer> ttftConcurrency,
                            List<Integer> embeddingConcurrency, int embeddingBatch,
                            int streams, Pace streamPace, Duration streamRamp,
                            SlowReaders slowReaders,
                            int tracingRounds, int tracingConcurrency,
                            Batches batches, Soak soak, List<String> serviceJvmOptions, Duration maxRun) {

    /**
     * The memory soak: {@code rate} requests a second (open loop, at most {@code inFlight} at once) for
     * {@code length}, of which the first {@code warmup} are left out of the memory slopes, resident memory
     * sampled every {@code sample}, the live heap after a full collection every {@code liveHeapEvery} from the
     * warm-up's end.
     */
    public record Soak(Duration length, Duration warmup, Duration sample, Duration liveHeapEvery, int rate,
                       int inFlight) {
    }

    /**
     * The batch phase: {@code lines} inline-form chat lines in batches of {@code perBatch} (at most the gateway's
     * {@code novai.batches.max-inline-inputs}), interactive chat at {@code concurrency} beside them; per entry of
     * {@code workers} a NovAI of its own with {@code novai.batches.workers} at that count, or, when empty, the
     * run's NovAI as configured.
     */
    public record Batches(int lines, int perBatch, int concurrency, List<Integer> workers) {
    }

    /**
     * The slow-readers phase: {@code streams} clients started evenly over {@code ramp}, each reading one event
     * every {@code interval} for {@code hold}, then closing, from a socket whose receive buffer is
     * {@code receiveBuffer} bytes and which announces an MSS of {@code mss} (0: the loopback's); the
     * upstream would send at {@code pace}, from sockets whose send buffer is {@code upstreamSendBuffer}
     * (0: sized by Linux).
     */
    public record SlowReaders(int streams, Pace pace, Duration ramp, Duration hold, Duration interval,
                              int receiveBuffer, int mss, int upstreamSendBuffer) {
    }

    /**
     * The NovAI JVMs' options for a 2-core box: the parallel collector (throughput first, short young
     * pauses on a small heap, no concurrent GC threads competing for the two cores), a fixed-range heap
     * that a 1 GiB pod limit could hold, and small platform-thread stacks (request work runs on virtual
     * threads, whose stacks live in the heap). Full tiered compilation, unlike {@code ./novai dev}'s
     * start-up-friendly C1 only: this measures a warmed-up server.
     */
    static final String DEFAULT_SERVICE_JVM_OPTIONS =
            "-XX:+UseParallelGC -Xms256m -Xmx768m -Xss512k --enable-native-access=ALL-UNNAMED";

    /** Reads the settings from system properties. */
    public static BenchSettings fromSystemProperties() {
        Path root = Path.of(System.getProperty("bench.root", ".")).toAbsolutePath().normalize();
        boolean quick = Boolean.getBoolean("bench.quick");
        List<String> jvmOptions = Arrays.stream(System.getProperty("bench.service-jvm-options",
                                                                  DEFAULT_SERVICE_JVM_OPTIONS).trim().split("\\s+"))
                .filter(option -> !option.isEmpty())
                .toList();
        if (Runtime.version().feature() >= 24 && jvmOptions.stream().noneMatch(o -> o.startsWith("--sun-misc"))) {
            // gRPC's Netty and protobuf still call sun.misc.Unsafe; JDK 24+ warns unless allowed
            jvmOptions = concat(jvmOptions, "--sun-misc-unsafe-memory-access=allow");
        }
        Set<Phase> phases = Phase.parse(System.getProperty("bench.phases", Phase.keys(Phase.DEFAULT)));
        Soak soak = new Soak(duration("bench.soak", quick ? "PT2M" : "PT30M"),
                             duration("bench.soak-warmup", quick ? "PT30S" : "PT5M"),
                             duration("bench.soak-sample", quick ? "PT5S" : "PT10S"),
                             duration("bench.soak-live-heap-every", quick ? "PT30S" : "PT5M"),
                             Integer.getInteger("bench.soak-rate", 40),
                             Integer.getInteger("bench.soak-in-flight", 256));
        return new BenchSettings(
                root,
                Path.of(System.getProperty("bench.output", root.resolve("bench/results/latest.md").toString())),
                Path.of(System.getProperty("bench.work-dir", root.resolve("bench/target/run").toString())),
                phases,
                quick,
                duration("bench.warmup", quick ? "PT2S" : "PT10S"),
                duration("bench.step-warmup", quick ? "PT1S" : "PT2S"),
                duration("bench.measure", quick ? "PT3S" : "PT10S"),
                levels("bench.concurrency", "1,16,64,256"),
                levels("bench.ttft-concurrency", "1,16"),
                levels("bench.embedding-concurrency", "1,16,64"),
                Integer.getInteger("bench.embedding-batch", 32),
                Integer.getInteger("bench.streams", quick ? 500 : 5000),
                pace("bench.stream-pace", quick ? "5x1000" : "30x1000"),
                duration("bench.stream-ramp", quick ? "PT2S" : "PT10S"),
                new SlowReaders(Integer.getInteger("bench.slow-readers", quick ? 100 : 1000),
                                pace("bench.slow-reader-pace", quick ? "1000x20x1024" : "3000x20x1024"),
                                duration("bench.slow-reader-ramp", quick ? "PT2S" : "PT5S"),
                                duration("bench.slow-reader-hold", quick ? "PT20S" : "PT60S"),
                                duration("bench.slow-reader-interval", "PT1S"),
                                Integer.getInteger("bench.slow-reader-receive-buffer", 16384),
                                Integer.getInteger("bench.slow-reader-mss", 1460),
                                Integer.getInteger("bench.slow-reader-upstream-send-buffer", 32768)),
                Integer.getInteger("bench.tracing-rounds", quick ? 2 : 6),
                Integer.getInteger("bench.tracing-concurrency", 16),
                new Batches(Integer.getInteger("bench.batch-lines", quick ? 2000 : 10_000),
                            Integer.getInteger("bench.batch-size", 1000),
                            Integer.getInteger("bench.batch-concurrency", 4),
                            System.getProperty("bench.batch-workers", "").isBlank() ? List.of()
                                    : levels("bench.batch-workers", "")),
                soak,
                jvmOptions,
                duration("bench.max-run", phases.contains(Phase.SOAK)
                        ? soak.length().plusMinutes(phases.size() > 1 ? 25 : 5).toString() : "PT20M"));
    }

    /** Whether the run includes this phase. */
    public boolean runs(Phase phase) {
        return phases.contains(phase);
    }

    /** How long the held-open streams may take in all: the ramp, the stream itself, and a margin. */
    public Duration streamDeadline() {
        return streamRamp.plus(streamPace.length()).plusSeconds(30);
    }

    private static Pace pace(String property, String defaultValue) {
        return Pace.parse(System.getProperty(property, defaultValue)).orElseThrow(
                () -> new IllegalArgumentException(property + " must look like 30x1000 (chunks x milliseconds)"));
    }

    private static Duration duration(String property, String defaultValue) {
        return Duration.parse(System.getProperty(property, defaultValue));
    }

    private static List<Integer> levels(String property, String defaultValue) {
        return Arrays.stream(System.getProperty(property, defaultValue).split(","))
                .map(String::trim)
                .map(Integer::parseInt)
                .toList();
    }

    private static List<String> concat(List<String> list, String element) {
        List<String> all = new ArrayList<>(list);
        all.add(element);
        return List.copyOf(all);
    }
}
