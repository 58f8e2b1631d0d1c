package ai.novai.gateway.http;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import ai.novai.gateway.batching.BatchingThread;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/**
 * Writes request-log lines off the request path: a request only stamps its line (time, and the trace and
 * span it ran in) and queues it; one background thread writes whatever is queued in one go. A request
 * never waits for the console or for another request's line (a synchronous log handler, locked and
 * flushed per line, cost about 15 % of the gateway's throughput at 16 concurrent requests). When the queue
 * is full (the console cannot keep up) lines are dropped and counted, and the count is written once
 * the queue drains.
 */
final class RequestLogWriter implements AutoCloseable {

    private static final int CAPACITY = 65_536;
    private static final int MAX_BATCH = 1_024;

    private final String logger;
    private final PrintStream out;
    private final AtomicLong dropped = new AtomicLong();
    private final BatchingThread<String> writer;

    RequestLogWriter(String logger, PrintStream out) {
        this.logger = logger;
        this.out = out;
        this.writer = new BatchingThread<>("novai-request-log", CAPACITY, MAX_BATCH, Duration.ofSeconds(5),
                                           this::print);
    }

    /** Queues one line: {@code <time> INFO <logger>: <message> trace_id=… span_id=…}. */
    void write(String message) {
        StringBuilder line = new StringBuilder(message.length() + 128)
                .append(Instant.now()).append(" INFO ").append(logger).append(": ").append(message);
        SpanContext span = Span.current().getSpanContext();
        if (span.isValid()) {
            line.append(" trace_id=").append(span.getTraceId()).append(" span_id=").append(span.getSpanId());
        }
        if (!writer.offer(line.toString())) {
            dropped.incrementAndGet();
        }
    }

    private void print(List<String> batch) {
        StringBuilder text = new StringBuilder(batch.size() * 200);
        batch.forEach(line -> text.append(line).append(System.lineSeparator()));
        long lost = dropped.getAndSet(0);
        if (lost > 0) {
            text.append(Instant.now()).append(" WARNING ").append(logger).append(": ").append(lost)
                    .append(" request-log lines dropped: the console could not keep up")
                    .append(System.lineSeparator());
        }
        out.print(text);
        out.flush();
    }

    /** Writes what is queued, then stops. */
    @Override
    public void close() {
        writer.close();
    }
}
