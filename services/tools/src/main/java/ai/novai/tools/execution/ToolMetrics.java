package ai.novai.tools.execution;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;

/**
 * The meters of tool executions, in the global registry (Prometheus names):
 * <ul>
 *     <li>{@code novai_tool_executions_total{tool,outcome}}: executions of each offered tool;</li>
 *     <li>{@code novai_tool_execution_duration_seconds{tool,outcome}}: how long they took.</li>
 * </ul>
 * {@code tool} is a name the catalog offers (bounded: the registry's servers, at most
 * {@value ai.novai.tools.mcp.McpToolList#MAX_TOOLS} tools each); a call of an unknown name is not counted by
 * name. {@code outcome} is one of {@link Outcome}.
 */
final class ToolMetrics {

    /** Executions. */
    static final String EXECUTIONS = "novai.tool.executions";
    /** Seconds per execution. */
    static final String DURATION = "novai.tool.execution.duration";

    private static final Duration[] BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofMillis(80), Duration.ofMillis(320),
            Duration.ofMillis(1280), Duration.ofMillis(5120), Duration.ofMillis(20480), Duration.ofSeconds(80),
            Duration.ofSeconds(300)};

    private static final Map<String, Counter> COUNTERS = new ConcurrentHashMap<>();
    private static final Map<String, Timer> TIMERS = new ConcurrentHashMap<>();

    private ToolMetrics() {
    }

    /**
     * Records one execution.
     *
     * @param tool    the tool's full name
     * @param outcome how it ended
     * @param elapsed how long it took
     */
    static void record(String tool, Outcome outcome, Duration elapsed) {
        String key = tool + ' ' + outcome.label();
        List<Tag> tags = List.of(Tag.create("tool", tool), Tag.create("outcome", outcome.label()));
        COUNTERS.computeIfAbsent(key, ignored -> Metrics.globalRegistry().getOrCreate(
                Counter.builder(EXECUTIONS).description("Tool executions").tags(tags))).increment();
        TIMERS.computeIfAbsent(key, ignored -> Metrics.globalRegistry().getOrCreate(
                Timer.builder(DURATION).description("Duration of tool executions").buckets(BUCKETS).tags(tags)))
                .record(elapsed);
    }
}
