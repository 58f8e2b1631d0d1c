package ai.novai.tools.mcp;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.novai.tools.config.ConfiguredValue;
import ai.novai.tools.config.McpServerConfig;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;

/**
 * Builds the SDK transport of one connection to a configured server: a stdio process with its argv and
 * environment (stderr to the log), or a Streamable HTTP endpoint with its headers and the caller's trace
 * context on every request. Values {@code from-env} are looked up here, when the connection is made.
 */
final class McpTransports {

    // the SDK's default mapper: mcp-json-jackson3's
    static final McpJsonMapper JSON = McpJsonDefaults.getMapper();

    private McpTransports() {
    }

    /**
     * A new transport.
     *
     * @param server      the server
     * @param environment the service's environment
     * @param settings    message size limit and timeouts
     * @throws MissingValue when a {@code from-env} variable is unset or empty
     */
    static McpClientTransport create(McpServerConfig server, Map<String, String> environment, McpSettings settings) {
        return switch (server) {
            case McpServerConfig.Stdio stdio -> stdio(stdio, environment, settings);
            case McpServerConfig.StreamableHttp http -> http(http, environment, settings);
        };
    }

    private static McpClientTransport stdio(McpServerConfig.Stdio server, Map<String, String> environment,
                                            McpSettings settings) {
        List<String> command = server.command();
        ServerParameters parameters = ServerParameters.builder(command.getFirst())
                .args(command.subList(1, command.size()))
                .env(resolved(server.label(), "env", server.env(), environment))
                .build();
        StdioClientTransport transport = new StdioClientTransport(parameters, JSON, settings.maxMessageBytes());
        transport.setStdErrorHandler(new StderrLog(server.label()));
        return transport;
    }

    private static McpClientTransport http(McpServerConfig.StreamableHttp server, Map<String, String> environment,
                                           McpSettings settings) {
        Map<String, String> headers = resolved(server.label(), "headers", server.headers(), environment);
        URI url = server.url();
        String base = url.getScheme() + "://" + url.getRawAuthority();
        String endpoint = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        return HttpClientStreamableHttpTransport.builder(base)
                .endpoint(endpoint)
                .jsonMapper(JSON)
                .connectTimeout(settings.connectTimeout())
                .maxResponseSize(settings.maxMessageBytes())
                .httpRequestCustomizer((request, method, uri, body, context) -> {
                    headers.forEach(request::header);
                    TraceContextCarrier.headers(context).forEach(request::setHeader);
                })
                .build();
    }

    private static Map<String, String> resolved(String label, String what, Map<String, ConfiguredValue> values,
                                                Map<String, String> environment) {
        Map<String, String> resolved = new LinkedHashMap<>();
        values.forEach((name, value) -> resolved.put(name, value.resolve(environment).orElseThrow(
                () -> new MissingValue("mcp server " + label + ": " + what + "." + name + " names the environment "
                                               + "variable " + ((ConfiguredValue.FromEnv) value).variable()
                                               + ", which is unset or empty"))));
        return resolved;
    }

    /** A {@code from-env} value whose variable is not set: the server is not connected. */
    static final class MissingValue extends IllegalStateException {
        MissingValue(String message) {
            super(message);
        }
    }
}
