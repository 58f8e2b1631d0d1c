package ai.novai.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The embeddings part of the report: the in-process yardstick, the steps through NovAI held against it,
 * the two goals that compare them, and the embedding service's memory. {@link EmbeddingPhase} fills it as
 * results come; whatever did not run reads as not measured, so a partial run still reports the rest.
 */
final class EmbeddingReport {

    /** NovAI's throughput at its highest concurrency, over the in-process batched limit, at least this. */
    static final double THROUGHPUT_GOAL = 0.70;
    /** NovAI's p99 at concurrency 1, less the in-process single call's p99, at most this (ms). */
    static final double ADDED_P99_GOAL_MS = 2;

    /**
     * One closed-loop step through NovAI, with what the two services spent on it.
     *
     * @param result       requests, latency and failures
     * @param gatewayCpu   the gateway's CPU time over the measurement window
     * @param embeddingCpu the embedding service's
     * @param meanBatch    requests per model pass in the embedding service over the window, when known
     */
    record Step(StepResult result, Duration gatewayCpu, Duration embeddingCpu, OptionalDouble meanBatch) {
    }

    /** Resident memory: the embedding service idle before the first request, and peaks while requests ran. */
    record Memory(long embeddingBefore, long embeddingPeak, long gatewayPeak) {
    }

    private final BenchSettings settings;
    private final List<Step> steps = new ArrayList<>();
    private Optional<InProcessEmbedding.Result> baseline = Optional.empty();
    private Optional<Memory> memory = Optional.empty();

    EmbeddingReport(BenchSettings settings) {
        this.settings = settings;
    }

    void baseline(InProcessEmbedding.Result result) {
        baseline = Optional.of(result);
    }

    void step(Step step) {
        steps.add(step);
    }

    void memory(Memory measured) {
        memory = Optional.of(measured);
    }

    /** Sentences/s through NovAI at its highest concurrency over the in-process batched loop's. */
    OptionalDouble throughputRatio() {
        Optional<Step> top = highest();
        if (baseline.isEmpty() || top.isEmpty() || !measured(top.get().result())) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(top.get().result().perSecond() / baseline.get().batched().sentencesPerSecond());
    }

    /** NovAI's p99 at concurrency 1 less the in-process single call's p99, in milliseconds. */
    OptionalDouble addedP99() {
        Optional<Step> one = steps.stream().filter(step -> step.result().concurrency() == 1).findFirst();
        if (baseline.isEmpty() || one.isEmpty() || !measured(one.get().result())) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(one.get().result().latency().p99() - baseline.get().single().perCall().p99());
    }

    /** The rows of the goals table. */
    void goals(StringBuilder out) {
        int top = highest().map(step -> step.result().concurrency())
                .orElse(settings.embeddingConcurrency().stream().max(Integer::compare).orElse(0));
        BenchReport.goal(out, "embeddings through NovAI at concurrency " + top + " vs in process in batches of "
                                 + settings.embeddingBatch(), "≥ " + Math.round(THROUGHPUT_GOAL * 100) + " %",
                         throughputRatio(), BenchReport::percent, ratio -> ratio >= THROUGHPUT_GOAL);
        BenchReport.goal(out, "embedding p99 at concurrency 1 minus the in-process single call's",
                         String.format(Locale.ROOT, "≤ %.0f ms", ADDED_P99_GOAL_MS), addedP99(),
                         added -> BenchReport.ms(added) + " ms", added -> added <= ADDED_P99_GOAL_MS);
    }

    /** The section. */
    void section(StringBuilder out) {
        out.append("## Embeddings\n\n")
                .append("One sentence per `POST /v1/embeddings` request for `").append(Sentences.MODEL)
                .append("` through NovAI (gateway → gRPC → embedding service, which runs the model in process on "
                                + "onnxruntime and micro-batches concurrent requests into one model pass), held "
                                + "against the same model called in the benchmark's JVM without NovAI. ")
                .append(sentences())
                .append(" The in-process model is loaded only while it is measured, before the steps through "
                                + "NovAI, never alongside them.\n\n");
        baselineTable(out);
        stepsTable(out);
    }

    private String sentences() {
        String tokens = baseline.map(result -> String.format(Locale.ROOT, " of %d–%d tokens",
                                                             result.tokens().getMin(), result.tokens().getMax()))
                .orElse("");
        String threads = baseline.map(result -> String.format(
                Locale.ROOT, " onnxruntime runs with the service's defaults on both sides: %d intra-op threads, %s.",
                result.settings().intraOpThreads(), result.settings().allowSpinning() ? "spinning" : "no spinning"))
                .orElse("");
        return Sentences.ALL.size() + " sentences" + tokens + " (word pieces, `[CLS]` and `[SEP]` included), taken "
                + "in turn on both sides." + threads;
    }

    private void baselineTable(StringBuilder out) {
        out.append("### In process, without NovAI\n\n");
        if (baseline.isEmpty()) {
            out.append("Not measured.\n\n");
            return;
        }
        InProcessEmbedding.Result result = baseline.get();
        out.append("One thread calls the model in a loop, text in, vectors out: tokenizing, then one network pass "
                           + "(the embedding service's `OnnxSentenceEncoder`), no batcher. Each loop warms up ")
                .append(settings.stepWarmup().toSeconds()).append(" s, then measures ")
                .append(settings.measure().toSeconds()).append(" s.\n\n")
                .append("| call | sentences/s | latency p50 / p99 ms | CPU per sentence |\n")
                .append("| --- | ---: | ---: | ---: |\n");
        row(out, "batch of " + result.batched().sentencesPerCall() + " sentences (the batched limit)",
            result.batched());
        row(out, "one sentence", result.single());
        out.append('\n');
    }

    private static void row(StringBuilder out, String call, InProcessEmbedding.Run run) {
        out.append("| ").append(call)
                .append(String.format(Locale.ROOT, " | %,.0f | ", run.sentencesPerSecond()))
                .append(BenchReport.latency(run.perCall()))
                .append(String.format(Locale.ROOT, " | %.2f ms |%n", run.cpuPerSentence().toNanos() / 1e6));
    }

    private void stepsTable(StringBuilder out) {
        out.append("### Through NovAI\n\n");
        if (steps.isEmpty()) {
            out.append("Not measured.\n\n");
            return;
        }
        out.append("Closed loop: a warm-up of ").append(settings.warmup().toSeconds())
                .append(" s at concurrency 16 first; then each step warms up ").append(settings.stepWarmup().toSeconds())
                .append(" s and measures ").append(settings.measure().toSeconds()).append(" s.\n\n")
                .append("| concurrency | requests/s (= sentences/s) | p50 / p99 ms | vs in process, batches "
                                + "| p99 minus in-process single call's | mean batch in the service "
                                + "| CPU per request: gateway, embedding | failures |\n")
                .append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Step step : steps) {
            StepResult result = step.result();
            String vsBatched = "—";
            String addedP99 = "—";
            if (baseline.isPresent() && measured(result)) {
                InProcessEmbedding.Result base = baseline.get();
                vsBatched = BenchReport.percent(result.perSecond() / base.batched().sentencesPerSecond());
                addedP99 = BenchReport.ms(result.latency().p99() - base.single().perCall().p99()) + " ms";
            }
            String meanBatch = step.meanBatch().isPresent()
                    ? String.format(Locale.ROOT, "%.1f", step.meanBatch().getAsDouble()) : "—";
            out.append("| ").append(result.concurrency())
                    .append(" | ").append(BenchReport.perSecond(result))
                    .append(" | ").append(BenchReport.latency(result))
                    .append(" | ").append(vsBatched)
                    .append(" | ").append(addedP99)
                    .append(" | ").append(meanBatch)
                    .append(" | ").append(BenchReport.perRequest(step.gatewayCpu(), result)).append(", ")
                    .append(BenchReport.perRequest(step.embeddingCpu(), result))
                    .append(" | ").append(result.failed())
                    .append(" |\n");
        }
        out.append("\nA request fails when it is not HTTP 200. Mean batch: requests per model pass, from the embedding "
                           + "service's `novai_embedding_batch_size` count and sum on `/observe/metrics`, read at both "
                           + "edges of the window. CPU per request as for chat.");
        memory.ifPresent(measured -> out.append(" Memory (RSS, sampled every 100 ms): the embedding service ")
                .append(BenchReport.mib(measured.embeddingBefore())).append(" idle, model loaded, before the first "
                                                                           + "request; peak ")
                .append(BenchReport.mib(measured.embeddingPeak())).append(" during the warm-up and the steps; the "
                                                                          + "gateway's peak ")
                .append(BenchReport.mib(measured.gatewayPeak())).append('.'));
        out.append("\n\n");
    }

    /** Adds the failures of the steps through NovAI, by reason. */
    void failures(Map<String, Long> all) {
        steps.forEach(step -> step.result().failures().forEach(
                (reason, count) -> all.merge("embeddings c=" + step.result().concurrency() + " NovAI: " + reason,
                                             count, Long::sum)));
    }

    private Optional<Step> highest() {
        return steps.stream().max(Comparator.comparingInt(step -> step.result().concurrency()));
    }

    private static boolean measured(StepResult result) {
        return result.ran() && result.latency().count() > 0;
    }
}
