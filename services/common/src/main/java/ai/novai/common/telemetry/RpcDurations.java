package ai.novai.common.telemetry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.grpc.Status;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;

/**
 * A histogram of gRPC call durations by full method name ({@code rpc.method}, e.g.
 * {@code novai.inference.v1.InferenceService/StreamComplete}) and status ({@code rpc.grpc.status_code}, e.g.
 * {@code OK}, {@code CANCELLED}), in the global registry: {@code rpc.server.duration} on the backends,
 * {@code rpc.client.duration} in the gateway. Both label sets are bounded by the contracts in {@code proto/}.
 */
final class RpcDurations {

    /** Bucket bounds: a catalogue call takes milliseconds, a streamed completion minutes. */
    static final Duration[] BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(300)};

    private final String name;
    private final String description;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    RpcDurations(String name, String description) {
        this.name = name;
        this.description = description;
    }

    void record(String method, Status.Code status, long nanos) {
        timers.computeIfAbsent(method + ' ' + status, key -> Metrics.globalRegistry().getOrCreate(
                Timer.builder(name)
                        .description(description)
                        .buckets(BUCKETS)
                        .tags(List.of(Tag.create("rpc.system", "grpc"), Tag.create("rpc.method", method),
                                      Tag.create("rpc.grpc.status_code", status.name())))))
                .record(Duration.ofNanos(nanos));
    }
}
