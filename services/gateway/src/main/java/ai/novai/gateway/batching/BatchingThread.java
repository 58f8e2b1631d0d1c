package ai.novai.gateway.batching;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One background thread that hands whatever is queued, up to {@code maxBatch} items at a time, to a
 * consumer. Nothing waits for a batch to fill: an idle queue passes each item on at once, and the items
 * that arrive while a batch is being handled form the next one. The consumer should not throw: a batch it
 * throws on is logged and dropped.
 *
 * @param <T> the items
 */
public final class BatchingThread<T> implements AutoCloseable {

    private static final System.Logger LOGGER = System.getLogger(BatchingThread.class.getName());

    private final BlockingQueue<T> queue;
    private final int maxBatch;
    private final Consumer<List<T>> consumer;
    private final Duration closeWait;
    private final Thread thread;
    private volatile boolean closed;

    /**
     * Starts the thread.
     *
     * @param name      the thread's name
     * @param capacity  most items queued; {@link #offer} refuses more
     * @param maxBatch  most items handed over at once
     * @param closeWait how long {@link #close} waits for the queue to be handled
     * @param consumer  handles one batch
     */
    public BatchingThread(String name, int capacity, int maxBatch, Duration closeWait, Consumer<List<T>> consumer) {
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.maxBatch = maxBatch;
        this.consumer = consumer;
        this.closeWait = closeWait;
        this.thread = Thread.ofPlatform().daemon().name(name).start(this::run);
    }

    /** Queues an item; false when the queue is full or the thread closed. */
    public boolean offer(T item) {
        return !closed && queue.offer(item);
    }

    private void run() {
        List<T> batch = new ArrayList<>(maxBatch);
        while (!closed || !queue.isEmpty()) {
            try {
                T first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                consumer.accept(batch);
            } catch (InterruptedException e) {
                // only close() ends the thread, once the queue is handled
            } catch (RuntimeException e) {
                LOGGER.log(System.Logger.Level.ERROR, thread.getName() + " dropped a batch", e);
            } finally {
                batch.clear();
            }
        }
    }

    /** Handles what is queued (within the close wait), then stops; later offers are refused. */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(closeWait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
