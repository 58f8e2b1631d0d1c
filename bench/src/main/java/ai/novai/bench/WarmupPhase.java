package ai.novai.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import static ai.novai.bench.BenchMain.progress;

/**
 * How fast a freshly started NovAI reaches its steady throughput, per JVM set-up ({@link WarmupVariant}):
 * each measured run starts a NovAI of its own (inference and gateway, new JVMs, beside the run's idle one)
 * with the variant's options added to the services', and as soon as both are healthy runs non-streaming chat
 * at concurrency 16 for {@code bench.warmup-run}, counting successes second by second
 * ({@link ThroughputTimeline}, {@link WarmupCurve}). The variants take turns, {@code bench.warmup-rounds}
 * times, so that noise from the machine's other work falls on all of them.
 * <p>
 * Before them: 10 s of the same load directly against the fake upstream, so the load generator's own JIT
 * warm-up is not charged to the first variant; and, when a variant uses an AOT cache ({@link AotCache}), its
 * training run: a NovAI that writes one cache per service at exit, under non-streaming and streaming chat,
 * stopped with SIGTERM as a pod is.
 */
final class WarmupPhase {

    private static final List<String> SERVICES = List.of("inference", "gateway");
    /** The training run's directory, which holds the caches too. */
    private static final String TRAINING = "aot-training";
    /** Writing a cache at exit runs a second JVM per service: far longer than a plain stop. */
    private static final Duration CACHE_WRITE_TIMEOUT = Duration.ofMinutes(3);

    private final BenchSettings settings;
    private final FakeUpstream upstream;
    private final WarmupReport report;
    private final WarmupSettings warmup;
    private final Path workDir;
    private final AotCache cache;
    private final byte[] request = BenchPhases.body(NovaiProcesses.MODEL, false);

    WarmupPhase(BenchSettings settings, FakeUpstream upstream, WarmupReport report) {
        this.settings = settings;
        this.upstream = upstream;
        this.report = report;
        this.warmup = report.settings();
        this.workDir = settings.workDir().resolve("warmup");
        this.cache = new AotCache(workDir.resolve(TRAINING));
    }

    void run() {
        try (LoadGenerator load = new LoadGenerator()) {
            warmUpLoadGenerator(load);
            boolean cacheReady = warmup.trainsAotCache() && trainAotCache(load);
            for (int round = 1; round <= warmup.rounds(); round++) {
                for (WarmupVariant variant : warmup.variants()) {
                    if (!variant.usesAotCache() || cacheReady) {
                        measure(load, variant, round);
                    }
                }
            }
        }
    }

    private void warmUpLoadGenerator(LoadGenerator load) {
        Target direct = new Target("direct", URI.create(upstream.baseUri() + "/chat/completions"), Optional.empty());
        progress("warming up the load generator and the fake upstream for " + settings.warmup().toSeconds() + " s");
        load.requests(direct, request, WarmupSettings.CONCURRENCY, Duration.ZERO, settings.warmup(),
                      LoadGenerator.Window.NONE);
    }

    /** Runs the training NovAI and stops it; whether every service's cache was written. */
    private boolean trainAotCache(LoadGenerator load) {
        Optional<NovaiProcesses> started = start(TRAINING, List.of(), cache::trainingOptions);
        if (started.isEmpty()) {
            return false;
        }
        Duration writing;
        List<String> complaints;
        try (NovaiProcesses trainee = started.get()) {
            Target gateway = trainee.gateway("AOT training");
            Duration streaming = warmup.training().dividedBy(3);
            Duration requests = warmup.training().minus(streaming);
            progress("AOT training: " + requests.toSeconds() + " s of chat, " + streaming.toSeconds() + " s of streams");
            load.requests(gateway, request, WarmupSettings.CONCURRENCY, Duration.ZERO, requests,
                          LoadGenerator.Window.NONE);
            load.streams(gateway, BenchPhases.body(NovaiProcesses.MODEL, true), WarmupSettings.CONCURRENCY,
                         Duration.ZERO, streaming, LoadGenerator.Window.NONE);
            long stopping = System.nanoTime();
            stopWritingCaches(trainee);
            writing = Duration.ofNanos(System.nanoTime() - stopping);
            complaints = complaints(trainee);
        }
        List<String> missing = cache.missing(SERVICES);
        Map<String, Long> sizes = cacheSizes();
        report.training(new WarmupReport.Training(warmup.training(), writing, sizes, complaints));
        progress("AOT caches written in " + writing.toSeconds() + " s: " + sizes + " bytes"
                         + (complaints.isEmpty() ? "" : "; the JVMs complained:\n" + String.join("\n", complaints)));
        if (!missing.isEmpty()) {
            report.problem("the AOT cache of " + String.join(", ", missing) + " was not written (logs: "
                                   + workDir.resolve(TRAINING) + ")");
        }
        return missing.isEmpty();
    }

    // SIGTERM, as a pod is stopped; each JVM writes its cache on the way out (NovaiProcesses' own stop would
    // kill it after 10 s)
    private static void stopWritingCaches(NovaiProcesses trainee) {
        List<Process> processes = List.of(trainee.gatewayService().process(), trainee.inferenceService().process());
        processes.forEach(Process::destroy);
        long deadline = System.nanoTime() + CACHE_WRITE_TIMEOUT.toNanos();
        try {
            for (Process process : processes) {
                if (!process.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    progress("a training JVM did not exit within " + CACHE_WRITE_TIMEOUT.toSeconds() + " s");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void measure(LoadGenerator load, WarmupVariant variant, int round) {
        long begin = System.nanoTime();
        Optional<NovaiProcesses> started = start(variant.key() + "-" + round, variant.options(),
                                                 variant.serviceOptions(cache));
        if (started.isEmpty()) {
            return;
        }
        Duration startup = Duration.ofNanos(System.nanoTime() - begin);
        try (NovaiProcesses novai = started.get()) {
            progress("warm-up " + variant.key() + ", round " + round + ": healthy after " + startup.toMillis()
                             + " ms; " + warmup.run().toSeconds() + " s of chat at concurrency "
                             + WarmupSettings.CONCURRENCY);
            OtherCpuMeter others = new OtherCpuMeter(List.of(novai.gatewayService().pid(),
                                                             novai.inferenceService().pid()));
            ThroughputTimeline timeline = new ThroughputTimeline(warmup.run());
            StepResult step = load.requests(novai.gateway(variant.key()), request, WarmupSettings.CONCURRENCY,
                                            warmup.run(), timeline);
            double othersShare = others.share();
            WarmupCurve curve = new WarmupCurve(timeline.perSecond(), Math.toIntExact(warmup.steady().toSeconds()));
            report.run(new WarmupReport.Run(variant, round, startup, curve, step, othersShare, complaints(novai)));
            progress(String.format("warm-up %s, round %d: s 1-10 %.0f/s, steady %.0f/s, warm at %s s, %d failed, "
                                           + "other processes %.0f %% of the CPU", variant.key(), round,
                                   curve.mean(1, 10), curve.steady(),
                                   curve.secondsToWarm().stream().mapToObj(Integer::toString).findFirst().orElse("-"),
                                   step.failed(), othersShare * 100));
        }
    }

    private Optional<NovaiProcesses> start(String name, List<String> options,
                                           Function<String, List<String>> serviceOptions) {
        Path dir = workDir.resolve(name);
        try {
            Files.createDirectories(dir);
            return Optional.of(NovaiProcesses.start(settings.root(), dir, upstream, settings.streamPace(),
                                                    settings.slowReaders().pace(),
                                                    Stream.concat(settings.serviceJvmOptions().stream(),
                                                                  options.stream()).toList(),
                                                    false, Map.of(), serviceOptions));
        } catch (IOException | IllegalStateException e) {
            progress("warm-up " + name + ": NovAI did not start:\n" + e.getMessage());
            report.problem(name + ": NovAI did not start: " + e.getMessage().lines().findFirst().orElse("")
                                   + " (logs: " + dir + ")");
            return Optional.empty();
        }
    }

    private static List<String> complaints(NovaiProcesses novai) {
        List<String> complaints = new ArrayList<>();
        for (NovaiProcesses.Service service : List.of(novai.inferenceService(), novai.gatewayService())) {
            AotCache.complaints(service.log()).forEach(line -> complaints.add(service.name() + ": " + line));
        }
        return complaints;
    }

    private Map<String, Long> cacheSizes() {
        Map<String, Long> sizes = new LinkedHashMap<>();
        SERVICES.forEach(service -> sizes.put(service, cache.size(service)));
        return sizes;
    }
}
