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
 * Server-side tool calls the gateway made, from chat completions and from {@code /mcp}, as their callers saw them
 * (the tools service counts the executions themselves, {@code novai_tool_executions_total}):
 * <ul>
 *     <li>{@value #CALLS}: by {@code gen_ai.tool.name}, {@code outcome} ({@code ok}, {@code error},
 *     {@code invalid_arguments}, {@code timeout}, {@code unavailable}, {@code not_found}, {@code cancelled}),
 *     {@code novai.key.tier} and {@code source} ({@code chat}, {@code mcp}); each key's calls are in the request
 *     log;</li>
 *     <li>{@value #DURATION}: how long they took, by tool, the call to the tools service included.</li>
 * </ul>
 */
public final class ToolMetrics {

    public static final String CALLS = "novai.gateway.tool_calls";
    public static final String DURATION = "novai.gateway.tool_call.duration";

    private static final Duration[] BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};

    private static final ToolMetrics GLOBAL = new ToolMetrics(Metrics.globalRegistry());

    private final MeterRegistry registry;
    private final Map<String, Counter> calls = new ConcurrentHashMap<>();
    private final Map<String, Timer> durations = new ConcurrentHashMap<>();

    private ToolMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The gateway's tool meters. */
    public static ToolMetrics get() {
        return GLOBAL;
    }

    /** Counts one call. */
    public void called(String tool, String outcome, String tier, String source, Duration took) {
        calls.computeIfAbsent(tool + ' ' + outcome + ' ' + tier + ' ' + source, key -> registry.getOrCreate(
                Counter.builder(CALLS)
                        .description("Server-side tool calls made by the gateway")
                        .tags(List.of(Tag.create("gen_ai.tool.name", tool), Tag.create("outcome", outcome),
                                      Tag.create("novai.key.tier", tier), Tag.create("source", source)))))
                .increment();
        durations.computeIfAbsent(tool, key -> registry.getOrCreate(
                Timer.builder(DURATION)
                        .description("Duration of server-side tool calls made by the gateway")
                        .buckets(BUCKETS)
                        .tags(List.of(Tag.create("gen_ai.tool.name", tool)))))
                .record(took);
    }
}
