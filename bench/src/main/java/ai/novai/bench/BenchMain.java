package ai.novai.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

import io.helidon.logging.common.LogConfig;

/**
 * Runs the benchmark: starts the fake upstream and NovAI, warms the paths up, measures them side by side
 * with the same load generator (chat also through a second NovAI on the production path, PostgreSQL and
 * Redis, see {@link ChatPhase}), measures embeddings through NovAI beside the same model in process, holds
 * thousands of slow streams open through NovAI, measures tracing's cost, has a thousand clients read fast
 * streams slowly, and writes the report ({@code bench/results/latest.md}, also printed). {@code bench.phases} selects some of these. Progress goes to standard error.
 * <p>
 * Direct and through-NovAI steps alternate at each concurrency, so a burst of noise from whatever else
 * runs on the machine hits both sides rather than one. When NovAI cannot be started (e.g. its provider
 * adapter is missing), the direct half still runs and the report says what was not measured. A watchdog
 * ends the run after {@code bench.max-run} whatever happens; the shutdown hook stops NovAI's processes.
 */
public final class BenchMain {

    private static final long START = System.nanoTime();

    private BenchMain() {
    }

    public static void main(String[] args) throws IOException {
        BenchSettings settings = BenchSettings.fromSystemProperties();
        LogConfig.configureRuntime();
        startWatchdog(settings.maxRun());
        BenchReport report = new BenchReport(settings, Machine.current());
        try (FakeUpstream upstream = FakeUpstream.start(settings.slowReaders().upstreamSendBuffer())) {
            progress("fake upstream on " + upstream.baseUri());
            Optional<NovaiProcesses> novai = startNovai(settings, upstream, report);
            try {
                new BenchPhases(settings, upstream, novai, report).runAll();
            } finally {
                report.otherProcesses(novai.map(NovaiProcesses::cpuTime).orElse(Duration.ZERO));
                novai.ifPresent(NovaiProcesses::close);
            }
            report.upstreamProtocols(upstream.requestsByProtocol());
        }
        String markdown = report.markdown();
        Files.createDirectories(settings.output().toAbsolutePath().getParent());
        Files.writeString(settings.output(), markdown, StandardCharsets.UTF_8);
        System.out.println(markdown);
        progress("report written to " + settings.output());
        // the HTTP client's and the server's threads are no reason to linger
        System.exit(0);
    }

    private static Optional<NovaiProcesses> startNovai(BenchSettings settings, FakeUpstream upstream,
                                                       BenchReport report) throws IOException {
        Path workDir = settings.workDir();
        deleteRecursively(workDir);
        Files.createDirectories(workDir);
        boolean embedding = settings.runs(Phase.EMBEDDINGS) || settings.runs(Phase.SOAK);
        progress("starting NovAI (inference, " + (embedding ? "embedding, " : "") + "gateway) in " + workDir);
        try {
            NovaiProcesses novai = NovaiProcesses.start(settings.root(), workDir, upstream, settings.streamPace(),
                                                        settings.slowReaders().pace(),
                                                        settings.serviceJvmOptions(), embedding);
            progress("NovAI ready: gateway pid " + novai.gatewayService().pid() + ", inference pid "
                             + novai.inferenceService().pid() + novai.embeddingService()
                    .map(service -> ", embedding pid " + service.pid()).orElse(""));
            novai.embeddingProblem().ifPresent(problem -> {
                progress("the embedding service did not start; embeddings run in process only:\n" + problem);
                report.problem("embeddings through NovAI: the embedding service did not start. " + cause(problem)
                                       + " (logs: " + workDir + ")");
            });
            return Optional.of(novai);
        } catch (IllegalStateException e) {
            progress("NovAI did not start; measuring the direct half only:\n" + e.getMessage());
            report.problem("everything through NovAI: it did not start. " + cause(e.getMessage())
                                   + " (logs: " + workDir + ")");
            return Optional.empty();
        }
    }

    // Ends the run whatever happens in it: the shutdown hooks still stop NovAI's processes.
    private static void startWatchdog(Duration maxRun) {
        Thread.ofPlatform().daemon().name("bench-watchdog").start(() -> {
            try {
                Thread.sleep(maxRun);
            } catch (InterruptedException e) {
                return;
            }
            progress("the run took longer than " + maxRun.toMinutes() + " min (bench.max-run): stopping");
            System.exit(3);
        });
    }

    static void progress(String message) {
        System.err.printf("[bench %4ds] %s%n", (System.nanoTime() - START) / 1_000_000_000L, message);
    }

    // The first line of a start-up failure, and the exception in the log tail that says why.
    private static String cause(String failure) {
        String first = failure.lines().findFirst().orElse("");
        return failure.lines()
                .filter(line -> line.matches("^(Exception in thread|Caused by:|[\\w.$]+(Exception|Error)).*"))
                .reduce((earlier, later) -> later)
                .map(line -> first + " " + line.strip())
                .orElse(first);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
