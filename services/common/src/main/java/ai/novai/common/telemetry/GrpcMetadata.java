package ai.novai.common.telemetry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.grpc.Metadata;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;

/**
 * gRPC metadata as a carrier of trace context: the propagators read and write {@code traceparent},
 * {@code tracestate} and {@code baggage} as ASCII headers of a call.
 */
final class GrpcMetadata {

    private static final Map<String, Metadata.Key<String>> KEYS = new ConcurrentHashMap<>();

    static final TextMapSetter<Metadata> SETTER = (metadata, name, value) -> {
        if (metadata != null) {
            metadata.put(key(name), value);
        }
    };

    static final TextMapGetter<Metadata> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Metadata metadata) {
            return metadata.keys();
        }

        @Override
        public String get(Metadata metadata, String name) {
            return metadata == null ? null : metadata.get(key(name));
        }
    };

    private GrpcMetadata() {
    }

    private static Metadata.Key<String> key(String name) {
        return KEYS.computeIfAbsent(name, header -> Metadata.Key.of(header, Metadata.ASCII_STRING_MARSHALLER));
    }
}
