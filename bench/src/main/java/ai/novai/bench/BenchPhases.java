package ai.novai.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static ai.novai.bench.BenchMain.progress;

/**
 * The phases of one run, in order, each when {@code bench.phases} selects it: chat ({@link ChatPhase}:
 * warm-up, non-streaming steps, streaming steps for the time to first event, direct, through the run's
 * NovAI and through a NovAI on the production path), embeddings ({@link EmbeddingPhase}), held-open
 * streams, tracing ({@link TracingPhase}), an upstream brownout ({@link BrownoutPhase}), batches beside
 * interactive chat ({@link BatchPhase}), slow readers
 * ({@link SlowReaderPhase}: it can leave the gateway busy and its heap nearly full for a while), the memory
 * soak ({@link SoakPhase}). Results go to the report as they come.
 */
final class BenchPhases {

    private static final String MESSAGES = "\"messages\":[{\"role\":\"system\",\"content\":\"You are a helpful "
            + "assistant.\"},{\"role\":\"user\",\"content\":\"Explain in one sentence what latency is.\"}]";

    private final BenchSettings settings;
    private final FakeUpstream upstream;
    private final Optional<NovaiProcesses> novai;
    private final BenchReport report;
    private boolean novaiLost;

    BenchPhases(BenchSettings settings, FakeUpstream upstream, Optional<NovaiProcesses> novai, BenchReport report) {
        this.settings = settings;
        this.upstream = upstream;
        this.novai = novai;
        this.report = report;
    }

    void runAll() {
        if (settings.runs(Phase.CHAT)) {
            new ChatPhase(settings, upstream, novai, this::novaiAlive, report).run();
        }
        if (settings.runs(Phase.EMBEDDINGS)) {
            new EmbeddingPhase(settings, novai, this::novaiAlive, report).run();
        }
        if (settings.runs(Phase.STREAMS)) {
            holdStreams();
        }
        if (settings.runs(Phase.TRACING)) {
            new TracingPhase(settings, upstream, novai, this::novaiAlive, report.tracing()).run();
        }
        if (settings.runs(Phase.BROWNOUT)) {
            new BrownoutPhase(settings, upstream, novai, this::novaiAlive, report.brownout()).run();
        }
        if (settings.runs(Phase.BATCH)) {
            new BatchPhase(settings, upstream, novai, this::novaiAlive, report.batches()).run();
        }
        if (settings.runs(Phase.SLOW_READERS)) {
            new SlowReaderPhase(settings, upstream, novai, this::novaiAlive, report.slowReaders()).run();
        }
        if (settings.runs(Phase.SOAK) && novaiAlive()) {
            new SoakPhase(settings, novai.orElseThrow(), this::novaiAlive, report.soak()).run();
        }
        if (settings.runs(Phase.WARMUP)) {
            new WarmupPhase(settings, upstream, report.warmup()).run();
        }
    }

    // Direct first, only to prove the load generator can hold them; then through NovAI, metered.
    private void holdStreams() {
        byte[] slow = body(NovaiProcesses.SLOW_MODEL, true);
        int streams = settings.streams();
        try (LoadGenerator load = new LoadGenerator()) {
            progress("holding " + streams + " streams open directly");
            Target slowDirect = chatTarget("direct", upstream.baseUri(settings.streamPace()));
            StreamHold.Result result = load.hold(slowDirect, slow, streams, settings.streamRamp(),
                                                 settings.streamDeadline());
            progress(holdLine("direct", result));
            report.hold(new BenchReport.HoldRow("direct", result, Optional.empty()));
        }
        if (!novaiAlive()) {
            return;
        }
        NovaiProcesses processes = novai.orElseThrow();
        long gateway = processes.gatewayService().pid();
        long inference = processes.inferenceService().pid();
        long rssBefore = ProcessStats.rssBytes(gateway);
        ProcessStats.CpuMeter cpu = new ProcessStats.CpuMeter(List.of(gateway, inference));
        progress("holding " + streams + " streams open through NovAI");
        try (LoadGenerator load = new LoadGenerator();
             ProcessStats.PeakRss rss = new ProcessStats.PeakRss(List.of(gateway, inference), Duration.ofMillis(100))) {
            cpu.start();
            StreamHold.Result result = load.hold(processes.gateway("NovAI"), slow, streams, settings.streamRamp(),
                                                 settings.streamDeadline());
            cpu.stop();
            rss.stop();
            progress(holdLine("NovAI", result) + ", gateway peak RSS " + (rss.peakBytes(gateway) >> 20) + " MiB");
            report.hold(new BenchReport.HoldRow("NovAI", result, Optional.of(new BenchReport.HoldCost(
                    rssBefore, rss.peakBytes(gateway), rss.peakBytes(inference), cpu.used(gateway),
                    cpu.used(inference)))));
        }
    }

    // A NovAI process that died mid-run is reported once; the steps after it run directly only.
    private boolean novaiAlive() {
        if (novai.isEmpty() || novaiLost) {
            return false;
        }
        if (!novai.get().alive()) {
            novaiLost = true;
            report.problem("the steps after NovAI stopped during the run (logs: " + settings.workDir() + ")");
            novai.get().close();
            return false;
        }
        return true;
    }

    /** The same chat request for every target; streams ask for usage, as NovAI does of its upstreams. */
    static byte[] body(String model, boolean stream) {
        String streaming = stream ? ",\"stream\":true,\"stream_options\":{\"include_usage\":true}" : "";
        return ("{\"model\":\"" + model + "\"," + MESSAGES + ",\"max_tokens\":64" + streaming + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The chat completions of an OpenAI-compatible API at {@code base} (the fake upstream's), without a key. */
    static Target chatTarget(String label, URI base) {
        return new Target(label, URI.create(base + "/chat/completions"), Optional.empty());
    }

    private static String holdLine(String target, StreamHold.Result result) {
        return String.format("%s: %d streams, peak %d open, %d succeeded, %d failed, %d s", target,
                             result.requested(), result.peakOpen(), result.succeeded(), result.failed(),
                             result.elapsed().toSeconds());
    }
}
