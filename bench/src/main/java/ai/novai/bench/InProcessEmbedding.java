package ai.novai.bench;

import java.time.Duration;
import java.util.IntSummaryStatistics;
import java.util.List;

import ai.novai.embedding.local.LocalModelSpec;
import ai.novai.embedding.local.OnnxSentenceEncoder;
import ai.novai.embedding.local.OnnxSettings;
import ai.novai.embedding.local.TextEncoder;
import io.helidon.config.Config;

/**
 * The yardstick of the embeddings phase: the embedding service's own model classes (all-MiniLM-L6-v2 in
 * an {@link OnnxSentenceEncoder}) loaded in the benchmark's JVM and called by one thread in a loop, text
 * in, vectors out: tokenizing, then one network pass. No batcher, no gRPC, no HTTP; what a program that
 * embeds the model itself gets from this machine, and so what NovAI's figures are held against.
 * <p>
 * onnxruntime runs with the service's defaults ({@code OnnxSettings} of an empty {@code embedding.onnx}
 * section: one intra-op thread per core, no spinning), so both sides get the same share of the cores.
 * Two loops, each warmed up and then measured over a fixed window: batches of {@code batch} sentences,
 * whose sentences per second are the batched limit of the model here, and one sentence per call, whose
 * latency is the floor of a lone request's. The model is loaded for the measurement only and freed after
 * it: it must never compete with the embedding service for the two cores.
 */
final class InProcessEmbedding {

    /** Far more calls than any window allows; bounds the loop by count as well as by time. */
    private static final long MAX_CALLS = 10_000_000;

    private InProcessEmbedding() {
    }

    /**
     * One loop's figures.
     *
     * @param sentencesPerCall sentences embedded by each call
     * @param perCall          latency of each call started in the window
     * @param window           the measurement window
     * @param cpu              CPU time this JVM used over the window's calls
     */
    record Run(int sentencesPerCall, LatencyStats perCall, Duration window, Duration cpu) {

        /** Sentences embedded per second of the window. */
        double sentencesPerSecond() {
            return (double) perCall.count() * sentencesPerCall / (window.toNanos() / 1e9);
        }

        /** CPU time per sentence. */
        Duration cpuPerSentence() {
            long sentences = (long) perCall.count() * sentencesPerCall;
            return sentences == 0 ? Duration.ZERO : cpu.dividedBy(sentences);
        }
    }

    /**
     * Both loops.
     *
     * @param batched  calls of {@code batch} sentences
     * @param single   calls of one sentence
     * @param tokens   word pieces per sentence ({@code [CLS]} and {@code [SEP]} included) over the sentence set
     * @param settings the onnxruntime settings both loops ran with
     */
    record Result(Run batched, Run single, IntSummaryStatistics tokens, OnnxSettings settings) {
    }

    /**
     * Loads the model, measures both loops, frees the model.
     *
     * @throws IllegalStateException (or a {@link LinkageError}) when the model or its native libraries
     *                               cannot be loaded
     */
    static Result measure(int batch, Duration warmup, Duration measure) {
        OnnxSettings settings = OnnxSettings.from(Config.empty());
        try (OnnxSentenceEncoder encoder = OnnxSentenceEncoder.load(LocalModelSpec.ALL_MINILM_L6_V2, settings)) {
            IntSummaryStatistics tokens = encoder.tokenize(Sentences.ALL).stream()
                    .mapToInt(ids -> ids.length)
                    .summaryStatistics();
            Run batched = loop(encoder, batch, warmup, measure);
            Run single = loop(encoder, 1, warmup, measure);
            return new Result(batched, single, tokens, settings);
        }
    }

    // Calls started inside the window count, as in the load generator's closed loops; the sentences rotate
    // through the set as they do across requests through NovAI.
    private static Run loop(TextEncoder encoder, int sentencesPerCall, Duration warmup, Duration measure) {
        long self = ProcessHandle.current().pid();
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long until = measureFrom + measure.toNanos();
        LatencyStats.Recorder recorder = new LatencyStats.Recorder();
        Duration cpuAtStart = null;
        long turn = 0;
        for (long call = 0; call < MAX_CALLS; call++) {
            long start = System.nanoTime();
            if (start - until >= 0) {
                break;
            }
            boolean counted = start - measureFrom >= 0;
            if (counted && cpuAtStart == null) {
                cpuAtStart = ProcessStats.cpuTime(self);
            }
            List<String> sentences = Sentences.take(turn, sentencesPerCall);
            encoder.embed(encoder.tokenize(sentences));
            turn += sentencesPerCall;
            if (counted) {
                recorder.record(System.nanoTime() - start);
            }
        }
        Duration cpu = cpuAtStart == null ? Duration.ZERO : ProcessStats.cpuTime(self).minus(cpuAtStart);
        return new Run(sentencesPerCall, LatencyStats.merge(List.of(recorder)), measure, cpu);
    }
}
