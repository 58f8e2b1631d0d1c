package ai.novai.gateway.http;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;

class RequestLogWriterTest {

    @Test
    void everyQueuedLineIsWrittenInOrderWithItsTraceWhenClosed() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RequestLogWriter writer = new RequestLogWriter("ai.novai.gateway.requests",
                                                       new PrintStream(bytes, true, StandardCharsets.UTF_8));
        SpanContext context = SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
                                                 TraceFlags.getSampled(), TraceState.getDefault());
        for (int i = 0; i < 1_000; i++) {
            writer.write("request_id=req_" + i + " status=200");
        }
        try (Scope ignored = Span.wrap(context).makeCurrent()) {
            writer.write("request_id=req_traced status=200");
        }
        writer.close();

        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.size(), is(1_001));
        assertThat(lines.getFirst(), lines.getFirst().matches(
                "\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z INFO ai\\.novai\\.gateway\\.requests: request_id=req_0 status=200"), is(true));
        assertThat(lines.get(999), endsWith("request_id=req_999 status=200"));
        assertThat(lines.getLast(), endsWith("request_id=req_traced status=200 trace_id=4bf92f3577b34da6a3ce929d0e0e4736"
                + " span_id=00f067aa0ba902b7"));
    }
}
