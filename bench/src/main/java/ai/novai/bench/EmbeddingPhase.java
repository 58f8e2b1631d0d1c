package ai.novai.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.BooleanSupplier;

import ai.novai.embedding.local.LocalModelSpec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static ai.novai.bench.BenchMain.progress;

/**
 * The embeddings phase: first the model in this JVM ({@link InProcessEmbedding}), the yardstick; then,
 * once it is freed, single-sentence {@code POST /v1/embeddings} requests through the gateway at each
 * concurrency, with the gateway's and the embedding service's CPU and the service's mean batch size
 * metered over exactly each measurement window. The two halves never overlap: on two cores, a model
 * running here would take the service's CPU.
 * <p>
 * Before any step, one request is checked for a vector of the model's size, so that a misconfigured run
 * reports what is wrong rather than thousands of fast failures.
 */
final class EmbeddingPhase {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BenchSettings settings;
    private final Optional<NovaiProcesses> novai;
    private final BooleanSupplier novaiAlive;
    private final BenchReport problems;
    private final EmbeddingReport report;

    /**
     * @param novai      NovAI's processes, when they started
     * @param novaiAlive whether NovAI still runs (reporting it once when it stopped)
     * @param report     the run's report: the results go to its embeddings part, what could not be measured
     *                   to its problems
     */
    EmbeddingPhase(BenchSettings settings, Optional<NovaiProcesses> novai, BooleanSupplier novaiAlive,
                   BenchReport report) {
        this.settings = settings;
        this.novai = novai;
        this.novaiAlive = novaiAlive;
        this.problems = report;
        this.report = report.embeddings();
    }

    void run() {
        inProcess();
        Optional<NovaiProcesses.Service> embedding = novai.flatMap(NovaiProcesses::embeddingService);
        if (embedding.isPresent() && novaiAlive.getAsBoolean()) {
            throughNovai(novai.orElseThrow(), embedding.get());
        }
    }

    // A model that cannot load here (native libraries, memory) costs this half, not the run.
    private void inProcess() {
        progress("embeddings in process: loading " + Sentences.MODEL + " in this JVM, batches of "
                         + settings.embeddingBatch() + ", then single sentences");
        try {
            InProcessEmbedding.Result result = InProcessEmbedding.measure(settings.embeddingBatch(),
                                                                          settings.stepWarmup(), settings.measure());
            progress(String.format("embeddings in process: batches of %d %.0f sentences/s (p50 %.2f ms a batch); "
                                           + "single sentence p50 %.2f ms, p99 %.2f ms",
                                   result.batched().sentencesPerCall(), result.batched().sentencesPerSecond(),
                                   result.batched().perCall().p50(), result.single().perCall().p50(),
                                   result.single().perCall().p99()));
            report.baseline(result);
        } catch (RuntimeException | LinkageError e) {
            progress("embeddings in process failed: " + e);
            problems.problem("embeddings in process: " + Failures.reason(e));
        }
    }

    private void throughNovai(NovaiProcesses processes, NovaiProcesses.Service embedding) {
        Target target = processes.embeddings("NovAI");
        List<byte[]> bodies = Sentences.requestBodies();
        long gateway = processes.gatewayService().pid();
        long embeddingRssBefore = ProcessStats.rssBytes(embedding.pid());
        try (HttpClient client = HttpClient.newHttpClient();
             LoadGenerator load = new LoadGenerator();
             ProcessStats.PeakRss rss = new ProcessStats.PeakRss(List.of(gateway, embedding.pid()),
                                                                 Duration.ofMillis(100))) {
            Optional<String> wrong = check(client, target, bodies.getFirst());
            if (wrong.isPresent()) {
                progress("embeddings through NovAI: " + wrong.get());
                problems.problem("embeddings through NovAI: the first request " + wrong.get());
                return;
            }
            progress("warming up embeddings through NovAI for " + settings.warmup().toSeconds() + " s");
            load.requests(target, bodies, 16, Duration.ZERO, settings.warmup(), LoadGenerator.Window.NONE);
            for (int concurrency : settings.embeddingConcurrency()) {
                if (!novaiAlive.getAsBoolean()) {
                    return;
                }
                report.step(step(load, client, target, bodies, concurrency, gateway, embedding));
            }
            rss.stop();
            report.memory(new EmbeddingReport.Memory(embeddingRssBefore, rss.peakBytes(embedding.pid()),
                                                     rss.peakBytes(gateway)));
        }
    }

    private EmbeddingReport.Step step(LoadGenerator load, HttpClient client, Target target, List<byte[]> bodies,
                                      int concurrency, long gateway, NovaiProcesses.Service embedding) {
        ProcessStats.CpuMeter cpu = new ProcessStats.CpuMeter(List.of(gateway, embedding.pid()));
        BatchSizes batches = new BatchSizes(client, embedding.metrics(), Sentences.MODEL);
        StepResult result = load.requests(target, bodies, concurrency, settings.stepWarmup(), settings.measure(),
                                          LoadGenerator.Window.of(() -> {
                                              cpu.start();
                                              batches.start();
                                          }, () -> {
                                              cpu.stop();
                                              batches.stop();
                                          }));
        OptionalDouble meanBatch = batches.mean();
        progress(String.format("embeddings c=%d NovAI: %.0f/s, p50 %.2f ms, p99 %.2f ms, mean batch %s, %d failed",
                               concurrency, result.perSecond(), result.latency().p50(), result.latency().p99(),
                               meanBatch.isPresent() ? String.format("%.1f", meanBatch.getAsDouble()) : "—",
                               result.failed()));
        return new EmbeddingReport.Step(result, cpu.used(gateway), cpu.used(embedding.pid()), meanBatch);
    }

    /** What is wrong with the answer to one request, if anything: it must be one vector of the model's size. */
    private static Optional<String> check(HttpClient client, Target target, byte[] body) {
        try {
            HttpResponse<String> response = client.send(target.request(body, LoadGenerator.REQUEST_TIMEOUT),
                                                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                return Optional.of("failed: HTTP " + response.statusCode() + " "
                                           + LoadGenerator.abbreviate(response.body()));
            }
            JsonNode vector = JSON.readTree(response.body()).path("data").path(0).path("embedding");
            int expected = LocalModelSpec.ALL_MINILM_L6_V2.dimensions();
            return vector.size() == expected ? Optional.empty()
                    : Optional.of("returned no vector of " + expected + " numbers: "
                                          + LoadGenerator.abbreviate(response.body()));
        } catch (IOException e) {
            return Optional.of("failed: " + Failures.reason(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("was interrupted");
        }
    }
}
