package ai.novai.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import static ai.novai.bench.BenchMain.progress;

/**
 * What tracing costs: a second NovAI (inference and gateway) runs beside the run's own, with every request
 * sampled ({@code OTEL_TRACES_SAMPLER=always_on}) and its spans exported over OTLP/HTTP to an
 * {@link OtlpSink} in this JVM; the run's own NovAI has tracing off (no {@code OTEL_*} variables, the
 * default). Both are warmed up in turns, twice each, then non-streaming chat steps alternate between them,
 * off/on then on/off,
 * for {@code bench.tracing-rounds} rounds, so that noise from other processes falls on both sides; each
 * round gives a throughput ratio, and the median of the rounds is the figure.
 */
final class TracingPhase {

    private final BenchSettings settings;
    private final FakeUpstream upstream;
    private final Optional<NovaiProcesses> untraced;
    private final BooleanSupplier novaiAlive;
    private final TracingReport report;

    TracingPhase(BenchSettings settings, FakeUpstream upstream, Optional<NovaiProcesses> untraced,
                 BooleanSupplier novaiAlive, TracingReport report) {
        this.settings = settings;
        this.upstream = upstream;
        this.untraced = untraced;
        this.novaiAlive = novaiAlive;
        this.report = report;
    }

    void run() {
        if (!novaiAlive.getAsBoolean()) {
            report.problem("NovAI is not running");
            return;
        }
        Path workDir = settings.workDir().resolve("traced");
        try (OtlpSink sink = OtlpSink.start()) {
            Files.createDirectories(workDir);
            progress("starting a traced NovAI (exporting to " + sink.endpoint() + ") in " + workDir);
            try (NovaiProcesses traced = NovaiProcesses.start(settings.root(), workDir, upstream,
                                                              settings.streamPace(),
                                                              settings.slowReaders().pace(),
                                                              settings.serviceJvmOptions(),
                                                              false, tracingEnvironment(sink))) {
                measure(untraced.orElseThrow().gateway("tracing off"), traced.gateway("tracing on"));
            }
            report.exported(sink.exports(), sink.spans(), sink.bytes());
        } catch (IOException | IllegalStateException e) {
            progress("the traced NovAI did not start:\n" + e.getMessage());
            report.problem("the traced NovAI did not start: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private void measure(Target off, Target on) {
        byte[] body = ("{\"model\":\"" + NovaiProcesses.MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"Explain in one sentence what latency is.\"}],\"max_tokens\":64}").getBytes(StandardCharsets.UTF_8);
        int concurrency = settings.tracingConcurrency();
        try (LoadGenerator load = new LoadGenerator()) {
            // twice the chat phase's warm-up, in turns: the traced path has more code for the JIT to compile
            for (Target target : List.of(off, on, off, on)) {
                progress("warming up " + target.label() + " for " + settings.warmup().toSeconds() + " s");
                load.requests(target, body, concurrency, Duration.ZERO, settings.warmup(), LoadGenerator.Window.NONE);
            }
            for (int round = 1; round <= settings.tracingRounds(); round++) {
                boolean offFirst = round % 2 == 1;
                StepResult first = step(load, offFirst ? off : on, body, concurrency);
                StepResult second = step(load, offFirst ? on : off, body, concurrency);
                report.round(offFirst ? first : second, offFirst ? second : first);
            }
        }
    }

    private StepResult step(LoadGenerator load, Target target, byte[] body, int concurrency) {
        StepResult result = load.requests(target, body, concurrency, settings.stepWarmup(), settings.measure(),
                                          LoadGenerator.Window.NONE);
        progress(String.format("tracing c=%d %s: %.0f/s, p50 %.2f ms, p99 %.2f ms, %d failed", concurrency,
                               target.label(), result.perSecond(), result.latency().p50(), result.latency().p99(),
                               result.failed()));
        return result;
    }

    // Sampled at 100 %, exported to the sink in batches of 2,048 (the SDK's default of 512 behind a queue of
    // 2,048 drops most spans at thousands of requests a second, which would flatter the figure).
    private static Map<String, String> tracingEnvironment(OtlpSink sink) {
        return Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", sink.endpoint(),
                      "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                      "OTEL_TRACES_SAMPLER", "always_on",
                      "OTEL_BSP_SCHEDULE_DELAY", "1000",
                      "OTEL_BSP_MAX_QUEUE_SIZE", "65536",
                      "OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "2048");
    }
}
