package ai.novai.tools.mcp;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.novai.common.telemetry.TraceHeaders;
import io.modelcontextprotocol.common.McpTransportContext;

/**
 * Carries the caller's trace context to the HTTP requests of a Streamable HTTP MCP server. The SDK sends
 * requests from its own threads, where the tool's {@code execute_tool} span is not current; the client takes
 * a transport context on the calling thread ({@link #capture()}), and the request customizer writes its
 * headers ({@link #headers(McpTransportContext)}).
 */
final class TraceContextCarrier {

    private static final String KEY = "novai.trace-headers";

    private TraceContextCarrier() {
    }

    /** The current trace context's headers ({@code traceparent}, ...), as a transport context. */
    static McpTransportContext capture() {
        Map<String, String> headers = new LinkedHashMap<>();
        TraceHeaders.inject(headers::put);
        return McpTransportContext.create(Map.of(KEY, Map.copyOf(headers)));
    }

    /** The headers a context carries; none when it carries none. */
    static Map<String, String> headers(McpTransportContext context) {
        if (context != null && context.get(KEY) instanceof Map<?, ?> headers) {
            Map<String, String> copy = new LinkedHashMap<>();
            headers.forEach((name, value) -> copy.put(String.valueOf(name), String.valueOf(value)));
            return copy;
        }
        return Map.of();
    }
}
