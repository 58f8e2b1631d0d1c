package ai.novai.gateway.tools;

import java.time.Duration;

import io.helidon.config.Config;

/**
 * The {@code novai.tools} settings, with their defaults in one place.
 *
 * @param catalogTtl    how long the tools service's list is reused before it is asked again
 * @param maxIterations most rounds of tool execution in one chat completion; then the model must answer
 * @param maxParallel   most executions of one round that run at once
 * @param callMargin    added to a tool's own time limit for the gRPC deadline of its execution
 */
public record ToolSettings(Duration catalogTtl, int maxIterations, int maxParallel, Duration callMargin) {

    /** Reads {@code novai.tools}. */
    public static ToolSettings from(Config tools) {
        int maxIterations = tools.get("max-iterations").asInt().orElse(8);
        int maxParallel = tools.get("max-parallel").asInt().orElse(8);
        if (maxIterations < 1 || maxIterations > 64 || maxParallel < 1 || maxParallel > 64) {
            throw new IllegalStateException("novai.tools.max-iterations and max-parallel must be 1 to 64");
        }
        return new ToolSettings(tools.get("catalog-ttl").as(Duration.class).orElse(Duration.ofSeconds(10)),
                                maxIterations, maxParallel,
                                tools.get("call-margin").as(Duration.class).orElse(Duration.ofSeconds(2)));
    }
}
