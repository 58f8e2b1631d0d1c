package ai.novai.gateway.observability;

import java.util.List;

import ai.novai.common.telemetry.Telemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * Spans of group-committed ledger writes: each request's wait for its row ({@code usage_ledger write}, a
 * child of the request's span) and each batch commit ({@code usage_ledger commit}, linked to the waits
 * of the rows it carries, with the database statement as its child). While tracing is off, nothing.
 */
public final class LedgerSpans {

    private static final AttributeKey<Long> ROWS = AttributeKey.longKey("novai.ledger.rows");

    private LedgerSpans() {
    }

    /** Starts the wait of one request for its row; {@link Span#getInvalid()} while tracing is off. */
    public static Span startWrite() {
        if (!Telemetry.tracing()) {
            return Span.getInvalid();
        }
        return Telemetry.tracer().spanBuilder("usage_ledger write").setSpanKind(SpanKind.INTERNAL).startSpan();
    }

    /** Runs one batch commit in a span linked to the writes it carries. */
    public static void commit(List<Span> writes, Runnable commit) {
        if (!Telemetry.tracing()) {
            commit.run();
            return;
        }
        SpanBuilder builder = Telemetry.tracer().spanBuilder("usage_ledger commit")
                .setSpanKind(SpanKind.INTERNAL)
                .setParent(Context.root())
                .setAttribute(ROWS, (long) writes.size());
        for (Span write : writes) {
            SpanContext context = write.getSpanContext();
            if (context.isValid()) {
                builder.addLink(context);
            }
        }
        Span span = builder.startSpan();
        try (Scope ignored = span.makeCurrent()) {
            commit.run();
        } finally {
            span.end();
        }
    }
}
