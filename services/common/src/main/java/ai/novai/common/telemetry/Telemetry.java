package ai.novai.common.telemetry;

import java.util.Objects;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;

/**
 * The OpenTelemetry instance of this process, read by the filters, interceptors and spans of every service
 * when they are built. It is the no-op instance until one is installed: {@link TracingBootstrap} installs
 * one configured from the environment when a service's {@code main} starts; tests install an SDK with an
 * in-memory exporter before they start the services, and the no-op one again after. All services of a test
 * JVM share it, which is what a trace across them needs.
 * <p>
 * While it is the no-op instance, the instrumentation is left out altogether (see {@link #tracing()}):
 * tracing off costs one volatile read per request.
 */
public final class Telemetry {

    /** The instrumentation scope of NovAI's own spans. */
    public static final String SCOPE = "ai.novai";

    private static volatile OpenTelemetry current = OpenTelemetry.noop();

    private Telemetry() {
    }

    /** The installed instance; the no-op one when tracing is off. */
    public static OpenTelemetry get() {
        return current;
    }

    /** Whether spans are recorded, i.e. an instance other than the no-op one is installed. */
    public static boolean tracing() {
        return current != OpenTelemetry.noop();
    }

    /** NovAI's tracer of the installed instance. */
    public static Tracer tracer() {
        return current.getTracer(SCOPE);
    }

    /**
     * Makes an instance the process's; servers and channels built afterwards use it.
     *
     * @param openTelemetry the instance, {@link OpenTelemetry#noop()} to switch tracing off
     */
    public static void install(OpenTelemetry openTelemetry) {
        current = Objects.requireNonNull(openTelemetry);
    }
}
