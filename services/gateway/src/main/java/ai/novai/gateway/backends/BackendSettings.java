package ai.novai.gateway.backends;

import java.time.Duration;
import java.util.Optional;

import ai.novai.common.config.SettingsNode;
import io.helidon.config.Config;

/**
 * Where the gateway's backends are and how it talks to them ({@code novai.backends}). Targets are gRPC name
 * URIs; in a cluster {@code dns:///novai-inference-headless:50051} (per-call round robin over every pod).
 *
 * @param inferenceTarget  the inference service
 * @param embeddingTarget  the embedding service
 * @param toolsTarget      the tools service, which runs server-side tools (chat's {@code mcp} tools, {@code /mcp});
 *                         set empty for none
 * @param listDeadline     deadline of catalogue calls ({@code ListModels})
 * @param connectTimeout   a backend without a usable connection for this long gets its calls refused at once (503)
 *                         instead of each waiting for its deadline (a hung or black-holed pod keeps the connection
 *                         attempt pending). Generous: a CPU-throttled gateway's first connection takes seconds
 * @param reResolvePeriod  how often the targets' names are resolved again so that replicas a scale-out added get
 *                         calls; zero = only when a connection drops
 */
public record BackendSettings(String inferenceTarget, String embeddingTarget, Optional<String> toolsTarget,
                              Duration listDeadline, Duration connectTimeout, Duration reResolvePeriod) {

    public static final String DEFAULT_INFERENCE_TARGET = "dns:///127.0.0.1:50051";
    public static final String DEFAULT_EMBEDDING_TARGET = "dns:///127.0.0.1:50052";
    public static final String DEFAULT_TOOLS_TARGET = "dns:///127.0.0.1:50053";
    public static final Duration DEFAULT_LIST_DEADLINE = Duration.ofSeconds(5);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_RE_RESOLVE_PERIOD = Duration.ofSeconds(60);

    /** The settings under {@code novai.backends}. */
    public static BackendSettings from(Config backends) {
        SettingsNode node = SettingsNode.of(backends);
        return new BackendSettings(node.string("inference.target", DEFAULT_INFERENCE_TARGET),
                                   node.string("embedding.target", DEFAULT_EMBEDDING_TARGET),
                                   node.stringOrNone("tools.target", DEFAULT_TOOLS_TARGET),
                                   node.positiveDuration("list-deadline", DEFAULT_LIST_DEADLINE),
                                   node.positiveDuration("connect-timeout", DEFAULT_CONNECT_TIMEOUT),
                                   node.duration("re-resolve-period", DEFAULT_RE_RESOLVE_PERIOD));
    }
}
