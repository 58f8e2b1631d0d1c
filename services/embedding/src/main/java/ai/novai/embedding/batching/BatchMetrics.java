package ai.novai.embedding.batching;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.DistributionStatisticsConfig;
import io.helidon.metrics.api.DistributionSummary;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;

/**
 * What one model's batcher reports, on {@code /observe/metrics} (tagged with the model) and to its owner:
 * the size of every model call ({@value #BATCH_SIZE}, a histogram: its count and sum give the mean batch size,
 * the measure of how well batching works), the inputs waiting ({@value #QUEUED_INPUTS}), requests refused
 * because the queue was full ({@value #REJECTED}), calls whose caller went away before their vectors were
 * ready ({@value #CANCELLED}) and queued inputs dropped unrun ({@value #SKIPPED}).
 */
public final class BatchMetrics implements AutoCloseable {

    /** Inputs per model call. */
    public static final String BATCH_SIZE = "novai.embedding.batch.size";
    /** Inputs waiting in the queue. */
    public static final String QUEUED_INPUTS = "novai.embedding.queued.inputs";
    /** Requests refused with {@code overloaded}. */
    public static final String REJECTED = "novai.embedding.rejected";
    /** Calls whose caller went away while they waited. */
    public static final String CANCELLED = "novai.embedding.cancelled";
    /** Queued inputs dropped because their call was cancelled or had failed. */
    public static final String SKIPPED = "novai.embedding.skipped.inputs";

    private static final double[] BATCH_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256};
    private static final Supplier<Integer> NOTHING_QUEUED = () -> 0;
    // A gauge cannot be re-pointed, and meters outlive a server (tests start several in one JVM): each
    // model's gauge reads whichever batcher of that model is current.
    private static final Map<String, AtomicReference<Supplier<Integer>>> QUEUE_READERS = new ConcurrentHashMap<>();

    private final DistributionSummary batchSize;
    private final Counter rejected;
    private final Counter cancelled;
    private final Counter skipped;
    private final AtomicReference<Supplier<Integer>> queueReader;
    private final Supplier<Integer> queuedInputs;
    private final LongAdder batches = new LongAdder();
    private final LongAdder batchedInputs = new LongAdder();

    /**
     * Meters of one model in the global registry.
     *
     * @param model         the model's name, the {@code model} tag
     * @param queuedInputs  reads the current queue length
     */
    public BatchMetrics(String model, Supplier<Integer> queuedInputs) {
        MeterRegistry registry = Metrics.globalRegistry();
        List<Tag> tags = List.of(Tag.create("model", model));
        this.batchSize = registry.getOrCreate(DistributionSummary.builder(BATCH_SIZE)
                                                      .description("Inputs per call of a local embedding model")
                                                      .distributionStatisticsConfig(
                                                              DistributionStatisticsConfig.builder().buckets(BATCH_BUCKETS))
                                                      .tags(tags));
        this.rejected = registry.getOrCreate(Counter.builder(REJECTED)
                                                     .description("Embedding requests refused: queue full")
                                                     .tags(tags));
        this.cancelled = registry.getOrCreate(Counter.builder(CANCELLED)
                                                      .description("Embedding calls abandoned by their caller")
                                                      .tags(tags));
        this.skipped = registry.getOrCreate(Counter.builder(SKIPPED)
                                                    .description("Queued embedding inputs dropped unrun")
                                                    .tags(tags));
        this.queuedInputs = queuedInputs;
        this.queueReader = QUEUE_READERS.computeIfAbsent(model, name -> {
            AtomicReference<Supplier<Integer>> reader = new AtomicReference<>(NOTHING_QUEUED);
            registry.getOrCreate(Gauge.builder(QUEUED_INPUTS, () -> reader.get().get())
                                         .description("Embedding inputs waiting for the model")
                                         .tags(tags));
            return reader;
        });
        queueReader.set(queuedInputs);
    }

    void batch(int size) {
        batchSize.record(size);
        batches.increment();
        batchedInputs.add(size);
    }

    void rejected() {
        rejected.increment();
    }

    void cancelled() {
        cancelled.increment();
    }

    void skipped() {
        skipped.increment();
    }

    /** Model calls made by this batcher. */
    public long batches() {
        return batches.sum();
    }

    /** Inputs run by this batcher's model calls. */
    public long batchedInputs() {
        return batchedInputs.sum();
    }

    /** Detaches the queue gauge from this batcher, which would otherwise keep it reachable. */
    @Override
    public void close() {
        queueReader.compareAndSet(queuedInputs, NOTHING_QUEUED);
    }
}
