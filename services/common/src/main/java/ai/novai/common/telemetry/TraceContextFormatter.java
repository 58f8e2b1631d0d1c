package ai.novai.common.telemetry;

import java.util.logging.LogRecord;

import io.helidon.logging.jul.HelidonFormatter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/**
 * Helidon's log formatter ({@code java.util.logging.SimpleFormatter.format}), with the trace of the logging
 * thread after the message: {@code ... message trace_id=<32 hex> span_id=<16 hex>}. Lines logged outside
 * a span are unchanged. Installed by {@link TraceContextConsoleHandler}.
 */
public class TraceContextFormatter extends HelidonFormatter {

    @Override
    public String formatMessage(LogRecord record) {
        String message = super.formatMessage(record);
        SpanContext span = Span.current().getSpanContext();
        if (!span.isValid()) {
            return message;
        }
        return message + " trace_id=" + span.getTraceId() + " span_id=" + span.getSpanId();
    }
}
