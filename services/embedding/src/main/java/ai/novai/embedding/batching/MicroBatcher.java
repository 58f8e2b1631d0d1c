package ai.novai.embedding.batching;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import ai.novai.common.grpc.CancelSignal;
import ai.novai.embedding.providers.EmbeddingErrors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Coalesces concurrent calls for one model into batched model calls. A model pass over 8 or 32 inputs
 * costs much less than as many passes over one, so callers do not run the model themselves: they queue
 * their inputs and wait, and one worker thread takes up to {@code max-batch} inputs at a time, waiting at most
 * {@code max-wait} after the oldest of them for more to arrive. A call with more inputs than a batch
 * holds is spread over several batches and reassembled in order.
 * <p>
 * The queue is bounded by inputs ({@code max-queued-inputs}): a call that does not fit is refused at
 * once with {@code RESOURCE_EXHAUSTED} / {@code overloaded} and a retry hint, so memory stays flat and
 * callers learn quickly that they must slow down. A cancelled call's inputs stay queued (and count against
 * the bound) until the worker reaches them and drops them unrun, so a client that went away costs no
 * model time.
 *
 * @param <I> a prepared input (e.g. token ids)
 * @param <O> the model's output for one input (e.g. a vector)
 */
public final class MicroBatcher<I, O> implements AutoCloseable {

    /** The model: one call for a whole batch. */
    @FunctionalInterface
    public interface BatchFunction<I, O> {
        /** Outputs for the inputs, one each, in input order. */
        List<O> apply(List<I> batch);
    }

    private static final System.Logger LOGGER = System.getLogger(MicroBatcher.class.getName());
    private static final long CLOSE_TIMEOUT_SECONDS = 30;

    private final String model;
    private final BatchFunction<I, O> function;
    private final BatchingSettings settings;
    private final BatchMetrics metrics;
    // One lock for admission and queueing, so that a call's inputs arrive together (a call of 32 inputs
    // makes one full batch, not a batch of its first input and another of the rest) and the bound is exact.
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<Item<I, O>> queue = new ArrayDeque<>();
    // the queue's length, readable without the lock (metrics)
    private volatile int queuedInputs;
    private boolean closed;
    private final Thread worker;

    /**
     * Starts the worker of one model.
     *
     * @param model    the model's name, for errors, metrics and the worker thread's name
     * @param function runs the model on one batch
     * @param settings batch size, wait and queue bound
     */
    public MicroBatcher(String model, BatchFunction<I, O> function, BatchingSettings settings) {
        this.model = model;
        this.function = function;
        this.settings = settings;
        this.metrics = new BatchMetrics(model, this::queuedInputs);
        // a platform thread: the model call is long native work that would pin a virtual thread's carrier
        this.worker = Thread.ofPlatform().name("embedding-batcher-" + model).daemon().start(this::work);
    }

    /**
     * Runs the model on these inputs, in batches shared with other callers, and waits for the outputs.
     *
     * @return one output per input, in input order
     * @throws StatusRuntimeException {@code RESOURCE_EXHAUSTED} ({@code overloaded}) when the queue is full,
     *                                {@code CANCELLED} when the caller went away, {@code UNAVAILABLE} when the
     *                                batcher is closing, or what the model failed with
     */
    public List<O> apply(List<I> inputs, CancelSignal cancel) {
        if (inputs.isEmpty()) {
            return List.of();
        }
        Job<O> job = submit(inputs);
        try (CancelSignal.Registration ignored = cancel.onCancel(() -> {
            if (job.cancel()) {
                metrics.cancelled();
            }
        })) {
            return job.await();
        }
    }

    /** Inputs waiting for the worker now. */
    public int queuedInputs() {
        return queuedInputs;
    }

    /** This batcher's counts, for tests and measurements; the same figures go to {@code /observe/metrics}. */
    public BatchMetrics metrics() {
        return metrics;
    }

    /** Stops the worker after its current batch and fails every call still queued. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            lock.unlock();
        }
        worker.interrupt();
        try {
            worker.join(TimeUnit.SECONDS.toMillis(CLOSE_TIMEOUT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lock.lock();
        try {
            StatusRuntimeException failure = EmbeddingErrors.shuttingDown(model);
            queue.forEach(item -> item.job().fail(failure));
            queue.clear();
            queuedInputs = 0;
        } finally {
            lock.unlock();
        }
        metrics.close();
    }

    // A call larger than the whole queue is admitted into an empty one, else it could never be served.
    private Job<O> submit(List<I> inputs) {
        Job<O> job = new Job<>(inputs.size());
        long now = System.nanoTime();
        lock.lock();
        try {
            if (closed) {
                throw EmbeddingErrors.shuttingDown(model);
            }
            if (!queue.isEmpty() && queue.size() + inputs.size() > settings.maxQueuedInputs()) {
                metrics.rejected();
                throw EmbeddingErrors.overloaded(model, settings.retryAfter());
            }
            for (int i = 0; i < inputs.size(); i++) {
                queue.addLast(new Item<>(job, i, inputs.get(i), now));
            }
            queuedInputs = queue.size();
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
        return job;
    }

    private void work() {
        List<Item<I, O>> batch = new ArrayList<>(settings.maxBatch());
        while (true) {
            try {
                gather(batch);
            } catch (InterruptedException e) {
                // only close() interrupts: what was gathered fails like what is still queued
                StatusRuntimeException failure = EmbeddingErrors.shuttingDown(model);
                batch.forEach(item -> item.job().fail(failure));
                return;
            }
            run(batch);
            batch.clear();
        }
    }

    // Waits for the first live input, then takes more until the batch is full or the oldest input has
    // waited max-wait; inputs queued while the previous batch ran have waited already and go at once.
    private void gather(List<Item<I, O>> batch) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (batch.isEmpty()) {
                checkOpen();
                if (queue.isEmpty()) {
                    notEmpty.await();
                } else {
                    takeLive(batch);
                }
            }
            long deadline = batch.getFirst().queuedAt() + settings.maxWait().toNanos();
            while (batch.size() < settings.maxBatch()) {
                checkOpen();
                if (!queue.isEmpty()) {
                    takeLive(batch);
                    continue;
                }
                long wait = deadline - System.nanoTime();
                if (wait <= 0) {
                    return;
                }
                notEmpty.awaitNanos(wait);
            }
        } finally {
            lock.unlock();
        }
    }

    private void checkOpen() throws InterruptedException {
        if (closed) {
            throw new InterruptedException("closed");
        }
    }

    // Moves the oldest input into the batch, unless its call no longer needs it (cancelled, failed).
    private void takeLive(List<Item<I, O>> batch) {
        Item<I, O> item = queue.pollFirst();
        queuedInputs = queue.size();
        if (item.job().isDone()) {
            metrics.skipped();
        } else {
            batch.add(item);
        }
    }

    private void run(List<Item<I, O>> batch) {
        List<I> inputs = batch.stream().map(Item::input).toList();
        List<O> outputs;
        try {
            outputs = function.apply(inputs);
            if (outputs.size() != inputs.size()) {
                throw new IllegalStateException("the model returned " + outputs.size() + " outputs for "
                                                        + inputs.size() + " inputs");
            }
        } catch (RuntimeException | Error e) {
            RuntimeException failure = e instanceof StatusRuntimeException status ? status : internal(e);
            batch.forEach(item -> item.job().fail(failure));
            return;
        }
        metrics.batch(inputs.size());
        for (int i = 0; i < batch.size(); i++) {
            Item<I, O> item = batch.get(i);
            item.job().complete(item.index(), outputs.get(i));
        }
    }

    private StatusRuntimeException internal(Throwable e) {
        LOGGER.log(System.Logger.Level.ERROR, "the embedding model " + model + " failed", e);
        return Status.INTERNAL.withDescription("The embedding model " + model + " failed.").asRuntimeException();
    }

    /** One input of a call, waiting for the worker. */
    private record Item<I, O>(Job<O> job, int index, I input, long queuedAt) {
    }

    /**
     * One call: its outputs fill in as batches finish, possibly several batches. Only the worker thread
     * writes them; the future's completion publishes them to the caller.
     */
    private static final class Job<O> {

        private final List<O> outputs;
        private final CompletableFuture<List<O>> result = new CompletableFuture<>();
        private int missing;

        Job(int size) {
            this.outputs = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                outputs.add(null);
            }
            this.missing = size;
        }

        boolean isDone() {
            return result.isDone();
        }

        void complete(int index, O output) {
            outputs.set(index, output);
            if (--missing == 0) {
                result.complete(outputs);
            }
        }

        void fail(RuntimeException failure) {
            result.completeExceptionally(failure);
        }

        /** Whether this cancelled the call; false when it had finished already. */
        boolean cancel() {
            return result.cancel(false);
        }

        List<O> await() {
            try {
                return result.get();
            } catch (CancellationException e) {
                throw EmbeddingErrors.cancelled();
            } catch (InterruptedException e) {
                cancel();
                Thread.currentThread().interrupt();
                throw EmbeddingErrors.cancelled();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException failure ? failure
                        : new IllegalStateException(e.getCause());
            }
        }
    }
}
