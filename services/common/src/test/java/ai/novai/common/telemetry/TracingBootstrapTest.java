package ai.novai.common.telemetry;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.sameInstance;

class TracingBootstrapTest {

    @Test
    void tracingIsOffUnlessAnExporterIsConfigured() {
        assertThat(TracingBootstrap.enabled(settings(Map.of())), is(false));
        assertThat(TracingBootstrap.enabled(settings(Map.of("OTEL_SERVICE_NAME", "x"))), is(false));
        assertThat(TracingBootstrap.enabled(settings(Map.of("OTEL_TRACES_EXPORTER", "none"))), is(false));
        assertThat(TracingBootstrap.fromEnvironment("novai-test", settings(Map.of())),
                   sameInstance(OpenTelemetry.noop()));
    }

    @Test
    void anEndpointOrAnExporterSwitchesItOnUnlessTheSdkIsDisabled() {
        assertThat(TracingBootstrap.enabled(settings(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"))),
                   is(true));
        assertThat(TracingBootstrap.enabled(settings(Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://c:4318"))),
                   is(true));
        assertThat(TracingBootstrap.enabled(settings(Map.of("OTEL_TRACES_EXPORTER", "otlp"))), is(true));
        assertThat(TracingBootstrap.enabled(settings(Map.of("OTEL_TRACES_EXPORTER", "otlp",
                                                            "OTEL_SDK_DISABLED", "true"))), is(false));
    }

    @Test
    void aProtocolThisBuildCannotSendRunsUntracedInsteadOfFailingToStart() {
        // compose and the chart once set grpc, and every service died at start (No GrpcSenderProvider found)
        System.setProperty("otel.exporter.otlp.protocol", "grpc");
        try {
            assertThat(TracingBootstrap.fromEnvironment("novai-test", settings(Map.of(
                    "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317"))), sameInstance(OpenTelemetry.noop()));
        } finally {
            System.clearProperty("otel.exporter.otlp.protocol");
        }
    }

    private static Function<String, Optional<String>> settings(Map<String, String> values) {
        return name -> Optional.ofNullable(values.get(name));
    }
}
