package ai.novai.tools.execution;

import ai.novai.common.telemetry.Telemetry;
import ai.novai.tools.catalog.ToolDefinition;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;

import static ai.novai.common.telemetry.GenAiAttributes.ERROR_TYPE;
import static ai.novai.common.telemetry.GenAiAttributes.OPERATION;

/**
 * The GenAI {@code execute_tool <name>} span of one execution (OpenTelemetry GenAI semantic conventions),
 * the parent of what the tool does (an MCP server's HTTP requests carry it as {@code traceparent}). Arguments
 * and output are never recorded.
 */
final class ExecutionSpan {

    private static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
    private static final AttributeKey<String> TOOL_CALL_ID = AttributeKey.stringKey("gen_ai.tool.call.id");
    private static final AttributeKey<String> TOOL_TYPE = AttributeKey.stringKey("gen_ai.tool.type");
    private static final AttributeKey<String> SERVER = AttributeKey.stringKey("novai.tool.server");
    private static final int MAX_CALL_ID_CHARS = 128;

    private final Span span;

    private ExecutionSpan(Span span) {
        this.span = span;
    }

    /** Starts the span of a tool's execution (a no-op one while tracing is off). */
    static ExecutionSpan start(ToolDefinition tool, String toolCallId) {
        if (!Telemetry.tracing()) {
            return new ExecutionSpan(Span.getInvalid());
        }
        return new ExecutionSpan(Telemetry.tracer().spanBuilder("execute_tool " + tool.name())
                                         .setSpanKind(SpanKind.INTERNAL)
                                         .setAttribute(OPERATION, "execute_tool")
                                         .setAttribute(TOOL_NAME, tool.name())
                                         .setAttribute(TOOL_TYPE, "extension")
                                         .setAttribute(TOOL_CALL_ID, toolCallId.length() > MAX_CALL_ID_CHARS
                                                 ? toolCallId.substring(0, MAX_CALL_ID_CHARS) : toolCallId)
                                         .setAttribute(SERVER, tool.serverLabel())
                                         .startSpan());
    }

    /** The context the tool runs in: the caller's with this span current. */
    Context context() {
        return span.getSpanContext().isValid() ? Context.current().with(span) : Context.current();
    }

    /** Ends the span with its outcome. */
    void end(Outcome outcome) {
        if (outcome != Outcome.SUCCESS) {
            span.setAttribute(ERROR_TYPE, outcome.label());
            span.setStatus(StatusCode.ERROR, outcome.label());
        }
        span.end();
    }
}
