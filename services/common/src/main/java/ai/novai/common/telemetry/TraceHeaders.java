package ai.novai.common.telemetry;

import java.util.function.BiConsumer;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;

/**
 * Puts the current trace context on an outgoing HTTP request to a provider ({@code traceparent},
 * {@code tracestate}, {@code baggage}, as the installed propagators write them), so that an upstream that
 * traces continues NovAI's trace. Nothing is added while tracing is off.
 */
public final class TraceHeaders {

    private static final TextMapSetter<BiConsumer<String, String>> SETTER = (headers, name, value) -> {
        if (headers != null) {
            headers.accept(name, value);
        }
    };

    private TraceHeaders() {
    }

    /**
     * Writes the current context's headers.
     *
     * @param header sets one header of the outgoing request
     */
    public static void inject(BiConsumer<String, String> header) {
        Telemetry.get().getPropagators().getTextMapPropagator().inject(Context.current(), header, SETTER);
    }
}
