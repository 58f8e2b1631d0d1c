package ai.novai.gateway.tools;

import java.time.Duration;

import ai.novai.common.config.SettingsNode;
import io.helidon.config.Config;

/**
 * The {@code novai.tools} settings: server-side tools in chat completions.
 *
 * @param catalogTtl    how long the tools service's list is reused before it is asked again
 * @param maxIterations most rounds of tool execution in one chat completion; then the model must answer
 * @param maxParallel   most executions of one round that run at once
 * @param callMargin    added to a tool's own time limit for the gRPC deadline of its execution
 */
public record ToolSettings(Duration catalogTtl, int maxIterations, int maxParallel, Duration callMargin) {

    public static final Duration DEFAULT_CATALOG_TTL = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_ITERATIONS = 8;
    public static final int DEFAULT_MAX_PARALLEL = 8;
    public static final Duration DEFAULT_CALL_MARGIN = Duration.ofSeconds(2);

    /** Reads {@code novai.tools}. */
    public static ToolSettings from(Config tools) {
        SettingsNode node = SettingsNode.of(tools);
        return new ToolSettings(node.duration("catalog-ttl", DEFAULT_CATALOG_TTL),
                                node.integer("max-iterations", DEFAULT_MAX_ITERATIONS, 1, 64),
                                node.integer("max-parallel", DEFAULT_MAX_PARALLEL, 1, 64),
                                node.duration("call-margin", DEFAULT_CALL_MARGIN));
    }
}
