package ai.novai.gateway.observability;

import java.util.Optional;

import ai.novai.common.telemetry.Telemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;

/**
 * Spans of batch work: each line runs in its own trace ({@code batch line}), linked to the span of the request that
 * created its batch, whose W3C {@code traceparent} the batch keeps. While tracing is off, nothing.
 */
public final class BatchSpans {

    private static final AttributeKey<String> BATCH = AttributeKey.stringKey("novai.batch.id");
    private static final AttributeKey<Long> LINE = AttributeKey.longKey("novai.batch.line");

    private BatchSpans() {
    }

    /** The current span's context as a W3C {@code traceparent}, to keep with a new batch. */
    public static Optional<String> currentTraceparent() {
        SpanContext context = Span.current().getSpanContext();
        if (!context.isValid()) {
            return Optional.empty();
        }
        return Optional.of("00-" + context.getTraceId() + "-" + context.getSpanId() + "-"
                                   + context.getTraceFlags().asHex());
    }

    /** Starts the span of one line; {@link Span#getInvalid()} while tracing is off. */
    public static Span startLine(String batchId, int lineNo, Optional<String> batchTraceparent) {
        if (!Telemetry.tracing()) {
            return Span.getInvalid();
        }
        SpanBuilder builder = Telemetry.tracer().spanBuilder("batch line")
                .setSpanKind(SpanKind.INTERNAL)
                .setParent(Context.root())
                .setAttribute(BATCH, batchId)
                .setAttribute(LINE, (long) lineNo);
        batchTraceparent.flatMap(BatchSpans::parse).ifPresent(builder::addLink);
        return builder.startSpan();
    }

    // 00-<32 hex trace id>-<16 hex span id>-<2 hex flags>
    private static Optional<SpanContext> parse(String traceparent) {
        String[] parts = traceparent.split("-", -1);
        if (parts.length != 4 || parts[1].length() != 32 || parts[2].length() != 16 || parts[3].length() != 2) {
            return Optional.empty();
        }
        SpanContext context = SpanContext.createFromRemoteParent(parts[1], parts[2],
                                                                 TraceFlags.fromHex(parts[3], 0), TraceState.getDefault());
        return context.isValid() ? Optional.of(context) : Optional.empty();
    }
}
