package ai.novai.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static ai.novai.bench.BenchMain.progress;

/**
 * The phases of one run, in order, each when {@code bench.phases} selects it: chat (warm-up, non-streaming
 * steps, streaming steps for the time to first event), embeddings ({@link EmbeddingPhase}), held-open
 * streams, tracing ({@link TracingPhase}), an upstream brownout ({@link BrownoutPhase}), batches beside
 * interactive chat ({@link BatchPhase}), slow readers
 * ({@link SlowReaderPhase}: it can leave the gateway busy and its heap nearly full for a while), the memory
 * soak ({@link SoakPhase}). Each chat step runs directly against the fake
 * upstream, then through NovAI with NovAI's CPU metered over exactly the measurement window; results go to
 * the report as they come.
 */
final class BenchPhases {

    private static final String MESSAGES = "\"messages\":[{\"role\":\"system\",\"content\":\"You are a helpful "
            + "assistant.\"},{\"role\":\"user\",\"content\":\"Explain in one sentence what latency is.\"}]";

    private final BenchSettings settings;
    private final FakeUpstream upstream;
    private final Optional<NovaiProcesses> novai;
    private final BenchReport report;
    private final Target direct;
    private boolean novaiLost;

    /** One closed-loop step against a target, telling the window's edges to {@code window}. */
    @FunctionalInterface
    private interface Step {
        StepResult run(Target target, LoadGenerator.Window window);
    }

    BenchPhases(BenchSettings settings, FakeUpstream upstream, Optional<NovaiProcesses> novai, BenchReport report) {
        this.settings = settings;
        this.upstream = upstream;
        this.novai = novai;
        this.report = report;
        this.direct = new Target("direct", chatUri(upstream.baseUri()), Optional.empty());
    }

    void runAll() {
        if (settings.runs(Phase.CHAT)) {
            chat();
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

    private void chat() {
        byte[] request = body(NovaiProcesses.MODEL, false);
        byte[] stream = body(NovaiProcesses.MODEL, true);
        try (LoadGenerator load = new LoadGenerator()) {
            warmUp(load, request, stream);
            for (int concurrency : settings.concurrency()) {
                report.requests(pair(concurrency, "non-streaming", (target, window) -> load.requests(
                        target, request, concurrency, settings.stepWarmup(), settings.measure(), window)));
            }
            for (int concurrency : settings.ttftConcurrency()) {
                report.firstEvent(pair(concurrency, "streaming", (target, window) -> load.streams(
                        target, stream, concurrency, settings.stepWarmup(), settings.measure(), window)));
            }
        }
    }

    // Long enough at moderate concurrency for the JIT to compile both paths before anything is measured.
    private void warmUp(LoadGenerator load, byte[] request, byte[] stream) {
        Duration half = settings.warmup().dividedBy(2);
        for (Target target : targets()) {
            progress("warming up " + target.label() + " for " + settings.warmup().plus(half).toSeconds() + " s");
            load.requests(target, request, 16, Duration.ZERO, settings.warmup(), LoadGenerator.Window.NONE);
            load.streams(target, stream, 16, Duration.ZERO, half, LoadGenerator.Window.NONE);
        }
    }

    private BenchReport.StepPair pair(int concurrency, String what, Step step) {
        StepResult viaDirect = step.run(direct, LoadGenerator.Window.NONE);
        progress(line(what, concurrency, "direct", viaDirect));
        if (!novaiAlive()) {
            return new BenchReport.StepPair(concurrency, viaDirect, StepResult.none(concurrency), Optional.empty());
        }
        NovaiProcesses processes = novai.orElseThrow();
        long gateway = processes.gatewayService().pid();
        long inference = processes.inferenceService().pid();
        ProcessStats.CpuMeter cpu = new ProcessStats.CpuMeter(List.of(gateway, inference));
        StepResult viaNovai = step.run(processes.gateway("NovAI"), LoadGenerator.Window.of(cpu::start, cpu::stop));
        progress(line(what, concurrency, "NovAI", viaNovai));
        return new BenchReport.StepPair(concurrency, viaDirect, viaNovai,
                                        Optional.of(new BenchReport.NovaiCpu(cpu.used(gateway), cpu.used(inference))));
    }

    // Direct first, only to prove the load generator can hold them; then through NovAI, metered.
    private void holdStreams() {
        byte[] slow = body(NovaiProcesses.SLOW_MODEL, true);
        int streams = settings.streams();
        try (LoadGenerator load = new LoadGenerator()) {
            progress("holding " + streams + " streams open directly");
            Target slowDirect = new Target("direct", chatUri(upstream.baseUri(settings.streamPace())),
                                           Optional.empty());
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

    private List<Target> targets() {
        return novai.map(processes -> List.of(direct, processes.gateway("NovAI"))).orElse(List.of(direct));
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

    private static URI chatUri(URI base) {
        return URI.create(base + "/chat/completions");
    }

    private static String line(String what, int concurrency, String target, StepResult step) {
        return String.format("%s c=%d %s: %.0f/s, p50 %.2f ms, p99 %.2f ms, %d failed", what, concurrency,
                             target, step.perSecond(), step.latency().p50(), step.latency().p99(), step.failed());
    }

    private static String holdLine(String target, StreamHold.Result result) {
        return String.format("%s: %d streams, peak %d open, %d succeeded, %d failed, %d s", target,
                             result.requested(), result.peakOpen(), result.succeeded(), result.failed(),
                             result.elapsed().toSeconds());
    }
}
