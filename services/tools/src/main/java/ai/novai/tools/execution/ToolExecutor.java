package ai.novai.tools.execution;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import ai.novai.common.grpc.BackendError;
import ai.novai.common.grpc.CancelSignal;
import ai.novai.tools.catalog.ToolCatalog;
import ai.novai.tools.catalog.ToolDefinition;
import ai.novai.tools.catalog.ToolResult;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grpc.Status;
import io.opentelemetry.context.Context;

/**
 * Runs one tool call within its limits: the name must be offered (else NOT_FOUND), the arguments must parse
 * and match the tool's schema (else INVALID_ARGUMENT); the tool runs on a virtual thread of its own that is
 * abandoned (interrupted) when its time limit passes, answered {@code is_error} with "timed out after N ms",
 * or when the caller goes away. Output beyond the tool's byte budget is cut on a character boundary and
 * marked truncated. Each execution is a span and is counted ({@link ToolMetrics}).
 */
public final class ToolExecutor implements AutoCloseable {

    private static final System.Logger LOGGER = System.getLogger(ToolExecutor.class.getName());
    private static final int MAX_NAME_CHARS = 256;

    private final ToolCatalog catalog;
    private final ArgumentsParser arguments;
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("tool-", 0).factory());

    /**
     * An executor of the catalog's tools.
     *
     * @param catalog           the tools
     * @param maxArgumentsBytes the largest {@code arguments_json} accepted
     */
    public ToolExecutor(ToolCatalog catalog, int maxArgumentsBytes) {
        this.catalog = catalog;
        this.arguments = new ArgumentsParser(maxArgumentsBytes);
    }

    /**
     * Runs a call.
     *
     * @param name          the tool's full name
     * @param toolCallId    the model's call id (for the span)
     * @param argumentsJson the model's arguments
     * @param argumentsSize their size in UTF-8 bytes
     * @param cancel        fires when the caller goes away
     * @return the result, cut to the tool's budget
     * @throws io.grpc.StatusRuntimeException NOT_FOUND, INVALID_ARGUMENT, or CANCELLED when the caller left
     */
    public Execution execute(String name, String toolCallId, String argumentsJson, int argumentsSize,
                             CancelSignal cancel) {
        long start = System.nanoTime();
        ToolDefinition tool = catalog.find(name).orElseThrow(() -> BackendError.notFound(
                "no tool named " + (name.length() > MAX_NAME_CHARS ? name.substring(0, MAX_NAME_CHARS) + "…" : name),
                "name", "tool_not_found").toException());
        ExecutionSpan span = ExecutionSpan.start(tool, toolCallId);
        Outcome outcome = Outcome.INVALID_ARGUMENTS;
        try {
            ObjectNode parsed = arguments.parse(tool, argumentsJson, argumentsSize);
            outcome = Outcome.CANCELLED;
            ToolResult result;
            try {
                result = run(tool, parsed, span.context(), cancel);
                outcome = result.isError() ? Outcome.TOOL_ERROR : Outcome.SUCCESS;
            } catch (TimeoutException e) {
                result = ToolResult.error("timed out after " + tool.limits().timeoutMs() + " ms");
                outcome = Outcome.TIMEOUT;
            }
            OutputLimit.Cut cut = OutputLimit.cut(result.output(), tool.limits().maxOutputBytes());
            return new Execution(cut.text(), result.isError(), result.truncated() || cut.truncated(), elapsed(start));
        } finally {
            span.end(outcome);
            ToolMetrics.record(tool.name(), outcome, elapsed(start));
        }
    }

    private ToolResult run(ToolDefinition tool, ObjectNode parsed, Context context, CancelSignal cancel)
            throws TimeoutException {
        Future<ToolResult> call = threads.submit(context.wrap(() -> tool.invoker().invoke(parsed)));
        try (CancelSignal.Registration ignored = cancel.onCancel(() -> call.cancel(true))) {
            return call.get(tool.limits().timeoutMs(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw e;
        } catch (CancellationException e) {
            throw Status.CANCELLED.withDescription("stopped by the caller").asRuntimeException();
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
        } catch (ExecutionException e) {
            // an invoker answers the failures it expects as error results: this is one it did not
            LOGGER.log(System.Logger.Level.ERROR, "tool " + tool.name() + " failed", e.getCause());
            return ToolResult.error("the tool failed unexpectedly (" + e.getCause().getClass().getSimpleName() + ")");
        }
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Interrupts executions still running. */
    @Override
    public void close() {
        threads.shutdownNow();
    }

    /**
     * A finished execution.
     *
     * @param output    the output, within the tool's budget
     * @param isError   whether it reports a failure
     * @param truncated whether output was cut
     * @param duration  how long it took
     */
    public record Execution(String output, boolean isError, boolean truncated, Duration duration) {
    }
}
