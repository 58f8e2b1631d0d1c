package ai.novai.common.telemetry;

import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/**
 * The JDK's log formatter ({@code java.util.logging.SimpleFormatter.format}), with the trace of the logging
 * thread after the message: {@code ... message trace_id=<32 hex> span_id=<16 hex>}. Lines logged outside
 * a span are unchanged. The message is kept on one line ({@link LogText#oneLine}). Installed by {@link TraceContextConsoleHandler}. (Helidon's own formatter adds
 * {@code !thread!} and {@code %X{...}} to the format; NovAI's format uses neither.)
 */
public class TraceContextFormatter extends SimpleFormatter {

    @Override
    public String formatMessage(LogRecord record) {
        // one record, one line: a message quoting client input (a model id, a status description) cannot forge another
        String message = LogText.oneLine(super.formatMessage(record));
        SpanContext span = Span.current().getSpanContext();
        if (!span.isValid()) {
            return message;
        }
        return message + " trace_id=" + span.getTraceId() + " span_id=" + span.getSpanId();
    }
}
