package ai.novai.gateway.tools;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import ai.novai.common.telemetry.GenAiAttributes;
import ai.novai.common.telemetry.Telemetry;
import ai.novai.gateway.backends.BackendChannels;
import ai.novai.gateway.http.RequestIds;
import ai.novai.gateway.keys.ApiKey;
import ai.novai.gateway.keys.Authenticated;
import ai.novai.gateway.observability.ToolMetrics;
import ai.novai.proto.tools.v1.ExecuteRequest;
import ai.novai.proto.tools.v1.ExecuteResponse;
import io.grpc.StatusRuntimeException;
import io.helidon.webserver.http.ServerRequest;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;

/**
 * Runs one server-side tool through the tools service for a request (a model's tool call in a chat completion,
 * or a {@code tools/call} of an MCP client). Whatever happens becomes a {@link ToolResult} the model can read,
 * never an exception: arguments the tool's schema refuses, a tool past its time limit, the tools service down.
 * Each execution is counted ({@link ToolMetrics}), logged with the request ({@link ToolLog}) and traced as
 * {@code execute_tool <name>}, the parent of the tools service's own span.
 */
public final class ToolExecutor {

    /** Longest arguments passed on (a model's arguments are small; these are a runaway generation). */
    public static final int MAX_ARGUMENT_CHARS = 1 << 20;
    private static final System.Logger LOGGER = System.getLogger(ToolExecutor.class.getName());

    private final BackendChannels backends;
    private final Duration callMargin;

    public ToolExecutor(BackendChannels backends, ToolSettings settings) {
        this.backends = backends;
        this.callMargin = settings.callMargin();
    }

    /**
     * Executes a tool; the caller's gRPC context (its cancellation) applies to the call.
     *
     * @param request   the HTTP request it is run for (key, request id, request log)
     * @param source    {@code chat} or {@code mcp}, for metrics
     * @param tool      the tool
     * @param callId    the model's tool call id (or the MCP request's), echoed back
     * @param arguments the arguments as JSON text
     */
    public ToolResult execute(ServerRequest request, String source, ServerTool tool, String callId,
                              String arguments) {
        ApiKey key = Authenticated.key(request);
        long start = System.nanoTime();
        Span span = startSpan(tool, callId);
        ToolResult result;
        try (Scope ignored = span.makeCurrent()) {
            result = call(request, tool, callId, arguments);
            if (result.isError()) {
                span.setStatus(StatusCode.ERROR);
                span.setAttribute(GenAiAttributes.ERROR_TYPE, result.outcome());
            }
        } finally {
            span.end();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        ToolMetrics.get().called(tool.name(), result.outcome(), key.tier(), source, took);
        ToolLog.add(request, tool.name(), result.outcome(), took);
        return result;
    }

    private ToolResult call(ServerRequest request, ServerTool tool, String callId, String arguments) {
        if (arguments.length() > MAX_ARGUMENT_CHARS) {
            return ToolResult.failed("invalid_arguments", "The arguments are longer than " + MAX_ARGUMENT_CHARS
                    + " characters; the tool was not run.");
        }
        var stub = backends.tools().orElseThrow(() -> new IllegalStateException("no tools service is configured"));
        try {
            ExecuteResponse response = stub
                    .withDeadlineAfter(tool.timeout().plus(callMargin).toMillis(), TimeUnit.MILLISECONDS)
                    .execute(ExecuteRequest.newBuilder()
                                     .setToolCallId(callId)
                                     .setName(tool.name())
                                     .setArgumentsJson(arguments)
                                     .setRequestId(RequestIds.of(request))
                                     .build());
            return new ToolResult(response.getOutput(), response.getIsError(), response.getTruncated(),
                                  response.getIsError() ? "error" : "ok");
        } catch (StatusRuntimeException failed) {
            return failure(tool, failed);
        }
    }

    private static ToolResult failure(ServerTool tool, StatusRuntimeException failed) {
        String description = failed.getStatus().getDescription() == null ? ""
                : failed.getStatus().getDescription();
        return switch (failed.getStatus().getCode()) {
            // the tools service's description names the tool and what does not match its schema
            case INVALID_ARGUMENT -> ToolResult.failed("invalid_arguments", description.isEmpty()
                    ? "Invalid arguments for " + tool.name() + "." : description);
            case NOT_FOUND -> ToolResult.failed("not_found", "The tool " + tool.name() + " is no longer offered.");
            case DEADLINE_EXCEEDED -> ToolResult.failed("timeout", "The tool " + tool.name() + " did not answer within "
                    + tool.timeout().toMillis() + " ms.");
            case CANCELLED -> ToolResult.failed("cancelled", "The tool call was cancelled.");
            default -> {
                LOGGER.log(System.Logger.Level.WARNING, "executing " + tool.name() + " failed: " + failed.getStatus());
                yield ToolResult.failed("unavailable", "The tool " + tool.name() + " could not be run right now ("
                        + failed.getStatus().getCode() + ").");
            }
        };
    }

    private static Span startSpan(ServerTool tool, String callId) {
        if (!Telemetry.tracing()) {
            return Span.getInvalid();
        }
        return Telemetry.tracer().spanBuilder("execute_tool " + tool.name())
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute(GenAiAttributes.OPERATION, "execute_tool")
                .setAttribute(GenAiAttributes.TOOL_NAME, tool.name())
                .setAttribute(GenAiAttributes.TOOL_CALL_ID, callId)
                .setAttribute(GenAiAttributes.TOOL_TYPE, "function")
                .startSpan();
    }
}
