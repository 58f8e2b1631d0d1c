package ai.novai.common.telemetry;

import io.helidon.logging.jul.HelidonConsoleHandler;

/**
 * Helidon's console handler writing with {@link TraceContextFormatter}, so that every log line written
 * inside a span names its trace and span. Set in a service's {@code logging.properties}:
 * {@code handlers=ai.novai.common.telemetry.TraceContextConsoleHandler}.
 */
public class TraceContextConsoleHandler extends HelidonConsoleHandler {

    public TraceContextConsoleHandler() {
        setFormatter(new TraceContextFormatter());
    }
}
