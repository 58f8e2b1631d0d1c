package ai.novai.common.telemetry;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.resources.Resource;

/**
 * Configures tracing from the standard OpenTelemetry environment variables (or the equivalent system
 * properties, {@code otel.*}), through the SDK's autoconfiguration: {@code OTEL_SERVICE_NAME},
 * {@code OTEL_RESOURCE_ATTRIBUTES}, {@code OTEL_EXPORTER_OTLP_ENDPOINT} and {@code _PROTOCOL},
 * {@code OTEL_TRACES_SAMPLER} and {@code _ARG}, {@code OTEL_PROPAGATORS}, ...
 * <p>
 * Tracing is <b>off unless asked for</b>: on only when {@code OTEL_EXPORTER_OTLP_ENDPOINT},
 * {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} or {@code OTEL_TRACES_EXPORTER} (other than {@code none}) is
 * set, and {@code OTEL_SDK_DISABLED} is not {@code true}. Off means the no-op instance: no spans, no
 * propagation. NovAI's own defaults, which the environment overrides: the service name
 * ({@code novai-gateway}, ...), OTLP over {@code http/protobuf} (sent by the JDK's HTTP client; the
 * {@code grpc} protocol is not packaged), W3C {@code tracecontext} and {@code baggage} propagators, the
 * {@code parentbased_always_on} sampler, and no OpenTelemetry metrics or logs export (metrics are served
 * as Prometheus text at {@code /observe/metrics}).
 */
public final class TracingBootstrap {

    private static final System.Logger LOGGER = System.getLogger(TracingBootstrap.class.getName());
    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

    private TracingBootstrap() {
    }

    /**
     * Configures tracing from this process's environment and installs it (see {@link Telemetry}).
     *
     * @param serviceName the service name when {@code OTEL_SERVICE_NAME} does not give one
     */
    public static void install(String serviceName) {
        Telemetry.install(fromEnvironment(serviceName, TracingBootstrap::setting));
    }

    /**
     * The instance a process with these settings gets.
     *
     * @param serviceName the default service name
     * @param settings    reads a setting by its environment variable name, e.g. {@code OTEL_SDK_DISABLED}
     * @return the configured SDK, or the no-op instance when tracing is off
     */
    static OpenTelemetry fromEnvironment(String serviceName, Function<String, Optional<String>> settings) {
        if (!enabled(settings)) {
            return OpenTelemetry.noop();
        }
        try {
            return AutoConfiguredOpenTelemetrySdk.builder()
                    .addPropertiesSupplier(() -> Map.of(
                            "otel.exporter.otlp.protocol", "http/protobuf",
                            "otel.metrics.exporter", "none",
                            "otel.logs.exporter", "none"))
                    .addResourceCustomizer((resource, config) -> named(resource, serviceName))
                    .setResultAsGlobal()
                    .build()
                    .getOpenTelemetrySdk();
        } catch (ConfigurationException e) {
            // a tracing setting this build cannot honour (OTEL_EXPORTER_OTLP_PROTOCOL=grpc, say) must not keep
            // the service from serving: it runs untraced and says why
            LOGGER.log(System.Logger.Level.ERROR, "tracing is off: " + e.getMessage()
                    + " (NovAI exports OTLP over http/protobuf, the collector's port 4318)");
            return OpenTelemetry.noop();
        }
    }

    // The SDK names an unnamed service unknown_service:java; neither OTEL_SERVICE_NAME nor service.name in
    // OTEL_RESOURCE_ATTRIBUTES was set then.
    private static Resource named(Resource resource, String serviceName) {
        String name = resource.getAttribute(SERVICE_NAME);
        return name == null || name.startsWith("unknown_service")
                ? resource.merge(Resource.create(Attributes.of(SERVICE_NAME, serviceName)))
                : resource;
    }

    /** Whether these settings ask for traces. */
    static boolean enabled(Function<String, Optional<String>> settings) {
        if (settings.apply("OTEL_SDK_DISABLED").map(Boolean::parseBoolean).orElse(false)) {
            return false;
        }
        return settings.apply("OTEL_EXPORTER_OTLP_ENDPOINT").isPresent()
                || settings.apply("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT").isPresent()
                || settings.apply("OTEL_TRACES_EXPORTER").filter(exporter -> !exporter.equals("none")).isPresent();
    }

    // OTEL_TRACES_EXPORTER, else the system property otel.traces.exporter; blank counts as unset
    private static Optional<String> setting(String environmentName) {
        String value = System.getenv(environmentName);
        if (value == null) {
            value = System.getProperty(environmentName.toLowerCase(Locale.ROOT).replace('_', '.'));
        }
        return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
    }
}
