package ai.novai.gateway.observability;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;

/**
 * Server-side tool executions the gateway asked for, from chat completions and from {@code /mcp}:
 * <ul>
 *     <li>{@value #EXECUTIONS}: by {@code gen_ai.tool.name}, {@code outcome} ({@code ok}, {@code error},
 *     {@code invalid_arguments}, {@code timeout}, {@code unavailable}, {@code not_found}), {@code novai.key.tier}
 *     and {@code source} ({@code chat}, {@code mcp}); each key's executions are in the request log;</li>
 *     <li>{@value #DURATION}: how long they took, by tool.</li>
 * </ul>
 */
public final class ToolMetrics {

    public static final String EXECUTIONS = "novai.tool.executions";
    public static final String DURATION = "novai.tool.execution.duration";

    private static final ToolMetrics GLOBAL = new ToolMetrics(Metrics.globalRegistry());

    private final MeterRegistry registry;
    private final Map<String, Counter> executions = new ConcurrentHashMap<>();
    private final Map<String, Timer> durations = new ConcurrentHashMap<>();

    private ToolMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The gateway's tool meters. */
    public static ToolMetrics get() {
        return GLOBAL;
    }

    /** Counts one execution. */
    public void executed(String tool, String outcome, String tier, String source, Duration took) {
        executions.computeIfAbsent(tool + ' ' + outcome + ' ' + tier + ' ' + source, key -> registry.getOrCreate(
                Counter.builder(EXECUTIONS)
                        .description("Server-side tool executions")
                        .tags(List.of(Tag.create("gen_ai.tool.name", tool), Tag.create("outcome", outcome),
                                      Tag.create("novai.key.tier", tier), Tag.create("source", source)))))
                .increment();
        durations.computeIfAbsent(tool, key -> registry.getOrCreate(
                Timer.builder(DURATION)
                        .description("Duration of server-side tool executions")
                        .tags(List.of(Tag.create("gen_ai.tool.name", tool)))))
                .record(took);
    }
}
