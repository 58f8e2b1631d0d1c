package ai.novai.gateway.batches;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import ai.novai.common.server.Drain;
import ai.novai.gateway.errors.ApiException;
import ai.novai.gateway.errors.OpenAiError;
import ai.novai.gateway.http.Json;
import ai.novai.gateway.keys.ApiKey;
import ai.novai.gateway.keys.ApiKeyStore;
import ai.novai.gateway.limits.InteractiveLoad;
import ai.novai.gateway.observability.BatchMetrics;
import ai.novai.gateway.observability.BatchSpans;
import ai.novai.gateway.store.RandomIds;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grpc.Context;
import io.helidon.dbclient.DbClientException;
import io.helidon.http.Status;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;

/**
 * This replica's share of the batch work: {@code workers} virtual threads that each claim a line, run it and commit
 * its result (at lower priority: a worker yields to this replica's interactive calls, see yieldToInteractive); one
 * steward thread that does the steps of whole batches (validation, expiry, finalization) and reads the queue for the
 * metrics; and one thread that renews this replica's leases. Nothing here is this replica's alone: a line or a step
 * whose lease runs out (the replica was killed) is taken over by any other.
 */
public final class BatchWorkers implements AutoCloseable {

    private static final System.Logger LOGGER = System.getLogger(BatchWorkers.class.getName());
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);
    private static final Duration QUEUE_READ_PERIOD = Duration.ofSeconds(5);
    private static final int POISON_MARGIN = 3;

    private final BatchStore store;
    private final LineRunner runner;
    private final BatchSteps steps;
    private final ApiKeyStore keys;
    private final BatchSettings settings;
    private final BatchMetrics metrics;
    private final InteractiveLoad load;
    private final Drain drain;
    private final Clock clock;
    private final String owner = ownerName();
    private final AtomicBoolean stopping = new AtomicBoolean();
    // counted down by close(): wakes every thread that waits (polling, yielding, between lease renewals) at once
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final List<Thread> threads = new ArrayList<>();

    BatchWorkers(BatchStore store, LineRunner runner, BatchSteps steps, ApiKeyStore keys, BatchSettings settings, BatchMetrics metrics, InteractiveLoad load, Drain drain,
                 Clock clock) {
        this.store = store;
        this.runner = runner;
        this.steps = steps;
        this.keys = keys;
        this.settings = settings;
        this.metrics = metrics;
        this.load = load;
        this.drain = drain;
        this.clock = clock;
    }

    /** Starts the threads; with {@code workers: 0}, none (this replica serves the API only). */
    void start() {
        if (settings.workers() == 0) {
            return;
        }
        threads.add(Thread.ofVirtual().name("novai-batch-leases").start(this::renewLeases));
        threads.add(Thread.ofVirtual().name("novai-batch-steward").start(this::steward));
        for (int i = 0; i < settings.workers(); i++) {
            threads.add(Thread.ofVirtual().name("novai-batch-worker-" + i).start(this::work));
        }
        LOGGER.log(System.Logger.Level.INFO, "batch workers started: " + settings.workers() + " as " + owner);
    }

    // ---- lines ----------------------------------------------------------------------------------------------------

    private void work() {
        while (!stopping.get()) {
            yieldToInteractive();
            if (drain.isDraining()) {
                // the replica is stopping: no new line; the lines in flight are part of the drain
                pause(settings.pollInterval());
                continue;
            }
            try {
                List<BatchStore.ClaimedLine> claimed = store.claimLines(owner, 1, clock.instant(), leaseEnd());
                if (claimed.isEmpty()) {
                    pause(settings.pollInterval());
                    continue;
                }
                runDrained(claimed.getFirst());
            } catch (DbClientException e) {
                LOGGER.log(System.Logger.Level.WARNING, "batch worker: database unavailable (" + e.getMessage()
                        + "); trying again in " + settings.pollInterval().toMillis() + " ms");
                pause(settings.pollInterval());
            } catch (RuntimeException e) {
                // a defect, not a condition of the line: logged whole; the line's lease runs out and it is tried
                // again, until its attempts are used up (see run)
                LOGGER.log(System.Logger.Level.ERROR, "batch worker: a line failed unexpectedly", e);
                pause(settings.pollInterval());
            }
        }
    }

    // Batch work runs at lower priority: while this replica serves interactive calls a worker waits, up to
    // yield-to-interactive, for them to pause; then it runs one line anyway, so that batches progress under any load.
    private void yieldToInteractive() {
        long until = System.nanoTime() + settings.maxYield().toNanos();
        while (!stopping.get() && load.busy() && System.nanoTime() - until < 0) {
            pause(load.quietPeriod());
        }
    }

    // A line runs as part of the replica's drain, like a request: a graceful stop waits for it (up to the drain
    // deadline), then cancels its gRPC call (its context, not the thread: an interrupt could land in a database
    // operation), which puts the line back in the queue for another replica.
    private void runDrained(BatchStore.ClaimedLine line) {
        Context.CancellableContext call = Context.current().withCancellation();
        Drain.Entry entry = drain.enter(() -> call.cancel(new CancellationException("the gateway is stopping")));
        if (entry == null) {
            call.cancel(null);
            store.requeue(line, owner, clock.instant(), false);
            return;
        }
        try {
            call.run(() -> run(line));
        } finally {
            entry.close();
            call.cancel(null);
        }
    }

    private void run(BatchStore.ClaimedLine line) {
        Optional<Batch> batch = store.find(line.batchId());
        if (batch.isEmpty()) {
            return;
        }
        Span span = BatchSpans.startLine(line.batchId(), line.lineNo(), batch.get().traceparent());
        try (Scope ignored = span.makeCurrent()) {
            Optional<ApiKey> key = keys.find(line.keyId()).filter(found -> found.isUsableAt(clock.instant()));
            LineOutcome outcome;
            if (key.isEmpty()) {
                outcome = new LineOutcome.Failed(RandomIds.next("req_"), ApiException.unauthorized(
                        "The batch's API key was revoked or expired.", "invalid_api_key"));
            } else if (line.attempts() > settings.maxAttempts() + POISON_MARGIN) {
                // claimed again and again without an outcome: its runs end in a defect (logged each time)
                outcome = new LineOutcome.Failed(RandomIds.next("req_"), new ApiException(
                        Status.INTERNAL_SERVER_ERROR_500, new OpenAiError(
                                "This request could not be run; the operator's logs have the cause.", "server_error",
                                null, "internal_error")));
            } else {
                outcome = runner.run(batch.get().endpoint(), line.batchId(), key.get(), body(line), line.attempts());
            }
            record(batch.get(), line, outcome);
        } finally {
            span.end();
        }
    }

    private void record(Batch batch, BatchStore.ClaimedLine line, LineOutcome outcome) {
        Instant now = clock.instant();
        String endpoint = batch.endpoint().ledgerName();
        switch (outcome) {
            case LineOutcome.Answered answered -> {
                boolean committed = false;
                try {
                    committed = store.complete(line, owner, LineState.SUCCEEDED, 200, answered.requestId(),
                                               answered.body().toString(), Optional.empty(),
                                               Optional.of(answered.entry()), now);
                } finally {
                    if (committed) {
                        answered.meter().settle(answered.entry());
                        metrics.lineEnded(endpoint, "succeeded");
                    } else {
                        // another worker took the line over: its run is the one that counts and bills
                        answered.meter().release();
                    }
                }
            }
            case LineOutcome.Failed failed -> {
                ObjectNode body = Json.mapper().valueToTree(failed.error().error().asBody());
                if (store.complete(line, owner, LineState.FAILED, failed.error().status().code(), failed.requestId(),
                                   body.toString(), Optional.ofNullable(failed.error().error().code()),
                                   Optional.empty(), now)) {
                    String code = failed.error().error().code();
                    metrics.lineEnded(endpoint, code != null ? code : "http_" + failed.error().status().code());
                }
            }
            case LineOutcome.Later later -> store.requeue(line, owner, now.plus(later.after()),
                                                          later.countsAsAttempt());
        }
    }

    private static JsonNode body(BatchStore.ClaimedLine line) {
        return Json.parseObject(line.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    // ---- steward: leases, whole-batch steps, queue metrics --------------------------------------------------------

    private void steward() {
        long nextQueueRead = 0;
        while (!stopping.get()) {
            try {
                while (!stopping.get() && step()) {
                    // the next batch that needs a step, at once
                }
                long now = System.nanoTime();
                if (now - nextQueueRead >= 0) {
                    readQueue();
                    nextQueueRead = now + QUEUE_READ_PERIOD.toNanos();
                }
            } catch (DbClientException e) {
                LOGGER.log(System.Logger.Level.WARNING, "batch steward: database unavailable (" + e.getMessage() + ")");
            } catch (RuntimeException e) {
                // a defect: logged whole; the step's lease runs out and it is done again
                LOGGER.log(System.Logger.Level.ERROR, "batch steward: a step failed unexpectedly", e);
            }
            pause(settings.pollInterval());
        }
    }

    // Renews every lease this replica holds three times per lease period, on its own thread: a long step (validating
    // a 200 MB file) or a long line (a slow model) keeps its lease, a killed replica's leases run out.
    private void renewLeases() {
        Duration every = settings.lease().dividedBy(3);
        while (!stopping.get()) {
            try {
                store.renewLeases(owner, leaseEnd());
            } catch (DbClientException e) {
                LOGGER.log(System.Logger.Level.WARNING, "batch leases could not be renewed: database unavailable ("
                        + e.getMessage() + ")");
            }
            pause(every);
        }
    }

    private boolean step() {
        return steps.next(owner, leaseEnd());
    }

    private void readQueue() {
        BatchStore.QueueState queue = store.queueState();
        long oldest = queue.oldestQueued().map(since -> Math.max(0, Duration.between(since, clock.instant())
                .toSeconds())).orElse(0L);
        metrics.queue(queue.queued(), queue.running(), oldest);
    }

    private Instant leaseEnd() {
        return clock.instant().plus(settings.lease());
    }

    private void pause(Duration duration) {
        try {
            stopSignal.await(duration.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping.set(true);
        }
    }

    /**
     * Stops the threads. After a graceful drain no line is in flight; otherwise lines in flight get 10 s to finish,
     * then are interrupted (their calls are cancelled and they go back to the queue; a replica killed instead leaves
     * them to another once their leases end).
     */
    @Override
    public void close() {
        stopping.set(true);
        stopSignal.countDown();
        long until = System.nanoTime() + STOP_WAIT.toNanos();
        for (Thread thread : threads) {
            try {
                if (!thread.join(Duration.ofNanos(Math.max(1, until - System.nanoTime())))) {
                    thread.interrupt();
                    thread.join(Duration.ofSeconds(1));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static String ownerName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        String name = host.length() > 40 ? host.substring(0, 40) : host;
        return name + "/" + RandomIds.next("");
    }
}
