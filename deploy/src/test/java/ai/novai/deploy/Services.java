package ai.novai.deploy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * NovAI's services as every delivery file must carry them (the Dockerfile's examples, docker compose, the chart,
 * skaffold, {@code ./novai dev}): the gateway and its gRPC backends, each with its default port. A service added
 * here is checked in all of them.
 */
final class Services {

    static final String GATEWAY = "gateway";
    /** The gRPC backends, in the order they start (before the gateway, which waits for them in compose). */
    static final List<String> BACKENDS = List.of("inference", "embedding", "tools");
    /** The backends that serve models and hold the provider keys; tools holds none. */
    static final List<String> MODEL_BACKENDS = List.of("inference", "embedding");
    /** Every service, backends first. */
    static final List<String> ALL = Stream.concat(BACKENDS.stream(), Stream.of(GATEWAY)).toList();
    /** The default port: the gateway's public HTTP port, each backend's one port (gRPC and HTTP). */
    static final Map<String, Integer> PORTS = Map.of(GATEWAY, 8080, "inference", 50051, "embedding", 50052,
                                                     "tools", 50053);

    private Services() {
    }

    /** The gateway's setting of a backend's gRPC target as an environment variable, e.g. NOVAI_BACKENDS_TOOLS_TARGET. */
    static String targetVariable(String backend) {
        return "NOVAI_BACKENDS_" + backend.toUpperCase(Locale.ROOT) + "_TARGET";
    }
}
