package ai.novai.common.telemetry;

import java.util.logging.Level;
import java.util.logging.LogRecord;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

class TraceContextFormatterTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN_ID = "00f067aa0ba902b7";

    @Test
    void aLineWrittenInsideASpanNamesItsTraceAndSpan() {
        Span span = Span.wrap(SpanContext.create(TRACE_ID, SPAN_ID, TraceFlags.getSampled(), TraceState.getDefault()));
        String line;
        try (Scope ignored = span.makeCurrent()) {
            line = new TraceContextFormatter().format(record("model {0} failed"));
        }
        assertThat(line, containsString("model gpt-test failed trace_id=" + TRACE_ID + " span_id=" + SPAN_ID));
    }

    @Test
    void aLineWrittenOutsideASpanIsUnchanged() {
        String line = new TraceContextFormatter().format(record("model {0} failed"));
        assertThat(line, containsString("model gpt-test failed"));
        assertThat(line, not(containsString("trace_id")));
    }

    private static LogRecord record(String message) {
        LogRecord record = new LogRecord(Level.WARNING, message);
        record.setParameters(new Object[] {"gpt-test"});
        record.setLoggerName("test");
        return record;
    }
}
