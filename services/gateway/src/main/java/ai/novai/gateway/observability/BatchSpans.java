package ai.novai.gateway.observability;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import ai.novai.common.telemetry.Telemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * Spans of batch work: each line runs in its own trace ({@code batch line}), linked to the span of the request that
 * created its batch, whose W3C {@code traceparent} the batch keeps. While tracing is off, nothing.
 */
public final class BatchSpans {

    private static final AttributeKey<String> BATCH = AttributeKey.stringKey("novai.batch.id");
    private static final AttributeKey<Long> LINE = AttributeKey.longKey("novai.batch.line");
    private static final String TRACEPARENT = "traceparent";
    private static final TextMapGetter<Map<String, String>> MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private BatchSpans() {
    }

    /** The current span's context as a W3C {@code traceparent}, to keep with a new batch. */
    public static Optional<String> currentTraceparent() {
        Map<String, String> carrier = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier, Map::put);
        return Optional.ofNullable(carrier.get(TRACEPARENT));
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
        batchTraceparent.map(BatchSpans::spanContext).filter(SpanContext::isValid).ifPresent(builder::addLink);
        return builder.startSpan();
    }

    private static SpanContext spanContext(String traceparent) {
        Context extracted = W3CTraceContextPropagator.getInstance()
                .extract(Context.root(), Map.of(TRACEPARENT, traceparent), MAP);
        return Span.fromContext(extracted).getSpanContext();
    }
}
