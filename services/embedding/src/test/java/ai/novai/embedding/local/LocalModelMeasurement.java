package ai.novai.embedding.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import ai.novai.common.models.Deployment;
import ai.novai.common.models.ModelEntry;
import ai.novai.common.models.Price;
import ai.novai.embedding.batching.BatchingSettings;
import ai.novai.common.grpc.CancelSignal;
import ai.novai.embedding.providers.EmbeddingCall;
import ai.novai.proto.common.v1.ModelKind;
import ai.novai.proto.embedding.v1.EmbedInput;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;

/**
 * A quick measurement of the local model on this machine, run by hand (not a test):
 * sentences per second of one batched ONNX pass at batch sizes 1, 8 and 32 (and, for comparison,
 * langchain4j's {@code embedAll} of 32), and the latency of a single one-sentence call through the
 * batcher, in-process.
 * <p>
 * Arguments: {@code [intra-op-threads] [allow-spinning] [seconds per throughput run]}, defaults 2, false
 * and 6.
 */
public final class LocalModelMeasurement {

    private static final String[] SENTENCES = {
            "The quick brown fox jumps over the lazy dog.",
            "Embeddings map text to vectors so that similar meanings end up close together.",
            "NovAI routes each request to the provider that serves the model.",
            "A kitten is sleeping on the warm windowsill in the afternoon sun.",
            "Quarterly revenue grew by eight percent, driven by subscriptions in Europe.",
            "Please reset my password; the link in the last email has expired.",
            "Rust and Java both have strong ecosystems for building network services.",
            "The train to Zurich leaves from platform seven at a quarter past nine.",
    };
    private static Duration run = Duration.ofSeconds(6);

    private LocalModelMeasurement() {
    }

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        boolean spinning = args.length > 1 && Boolean.parseBoolean(args[1]);
        if (args.length > 2) {
            run = Duration.ofSeconds(Long.parseLong(args[2]));
        }
        long start = System.nanoTime();
        OnnxSentenceEncoder encoder = OnnxSentenceEncoder.load(LocalModelSpec.ALL_MINILM_L6_V2,
                                                               new OnnxSettings(threads, spinning));
        System.out.printf("loaded in %d ms; intra-op threads %d, spinning %s, %d cores%n",
                          (System.nanoTime() - start) / 1_000_000, threads, spinning,
                          Runtime.getRuntime().availableProcessors());
        List<long[]> corpus = encoder.tokenize(Arrays.asList(SENTENCES));
        System.out.printf("sentences of %s tokens%n", corpus.stream().map(ids -> ids.length).toList());

        for (int batchSize : new int[] {1, 8, 32}) {
            List<long[]> batch = new ArrayList<>();
            for (int i = 0; i < batchSize; i++) {
                batch.add(corpus.get(i % corpus.size()));
            }
            encoder.embed(batch);
            long deadline = System.nanoTime() + run.toNanos();
            long passes = 0;
            long begin = System.nanoTime();
            while (System.nanoTime() < deadline) {
                encoder.embed(batch);
                passes++;
            }
            double seconds = (System.nanoTime() - begin) / 1e9;
            System.out.printf("batch %2d: %7.1f sentences/s (%.2f ms per pass)%n", batchSize,
                              passes * batchSize / seconds, seconds * 1000 / passes);
        }

        encoder.close();
        langchain4j(corpus.size());

        for (Duration maxWait : List.of(Duration.ofMillis(2), Duration.ZERO)) {
            BatchingSettings batching = new BatchingSettings(32, maxWait, 4096, Duration.ofSeconds(1));
            try (LocalModel model = new LocalModel("all-minilm-l6-v2", OnnxSentenceEncoder.load(
                    LocalModelSpec.ALL_MINILM_L6_V2, new OnnxSettings(threads, spinning)), 256, batching)) {
                latency(model, maxWait);
                concurrent(model, maxWait);
            }
        }
    }

    // the same sentences through langchain4j's embedAll, which runs one pass per text (on parallel threads)
    private static void langchain4j(int sentences) {
        AllMiniLmL6V2EmbeddingModel reference = new AllMiniLmL6V2EmbeddingModel();
        List<TextSegment> batch = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            batch.add(TextSegment.from(SENTENCES[i % sentences]));
        }
        reference.embedAll(batch);
        long deadline = System.nanoTime() + run.toNanos();
        long calls = 0;
        long begin = System.nanoTime();
        while (System.nanoTime() < deadline) {
            reference.embedAll(batch);
            calls++;
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        System.out.printf("langchain4j embedAll of 32: %7.1f sentences/s%n", calls * 32 / seconds);
    }

    // many callers, one sentence per call: how much the batcher recovers of a batched pass's throughput
    private static void concurrent(LocalModel model, Duration maxWait) {
        ModelEntry entry = entry();
        int callers = 64;
        long batchesBefore = model.batcher().metrics().batches();
        long inputsBefore = model.batcher().metrics().batchedInputs();
        long deadline = System.nanoTime() + run.toNanos();
        long begin = System.nanoTime();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int caller = 0; caller < callers; caller++) {
                String sentence = SENTENCES[caller % SENTENCES.length];
                threads.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        model.embed(call(entry, sentence));
                    }
                });
            }
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        long batches = model.batcher().metrics().batches() - batchesBefore;
        long inputs = model.batcher().metrics().batchedInputs() - inputsBefore;
        System.out.printf("%d concurrent single-sentence callers, max-wait %d ms: %.1f sentences/s, mean batch %.1f%n",
                          callers, maxWait.toMillis(), inputs / seconds, (double) inputs / batches);
    }

    // one caller, one sentence per call, through tokenizing, the batcher and the model pass
    private static void latency(LocalModel model, Duration maxWait) {
        ModelEntry entry = entry();
        int calls = 500;
        long[] nanos = new long[calls];
        for (int i = -50; i < calls; i++) {
            EmbeddingCall call = call(entry, SENTENCES[Math.floorMod(i, SENTENCES.length)]);
            long begin = System.nanoTime();
            model.embed(call);
            if (i >= 0) {
                nanos[i] = System.nanoTime() - begin;
            }
        }
        Arrays.sort(nanos);
        System.out.printf("single call, max-wait %d ms: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", maxWait.toMillis(),
                          nanos[calls / 2] / 1e6, nanos[calls * 99 / 100] / 1e6, nanos[calls - 1] / 1e6);
    }

    private static ModelEntry entry() {
        return new ModelEntry("all-minilm-l6-v2", ModelKind.MODEL_KIND_EMBEDDING,
                              List.of(new Deployment("local-onnx", "all-minilm-l6-v2", 1)), "novai", 0, List.of(), 0,
                              256, Price.FREE, Price.FREE, 384, false, List.of());
    }

    private static EmbeddingCall call(ModelEntry entry, String sentence) {
        return new EmbeddingCall(entry, entry.deployments().getFirst(),
                                 List.of(EmbedInput.newBuilder().setText(sentence).build()), OptionalInt.empty(),
                                 false, "", "", Optional.empty(), new CancelSignal());
    }
}
