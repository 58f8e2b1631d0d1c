package ai.novai.tools;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.novai.common.server.Drain;
import ai.novai.common.server.GrpcBackendServer;
import ai.novai.common.telemetry.TracingBootstrap;
import ai.novai.tools.builtin.BuiltinTools;
import ai.novai.tools.builtin.HostResolver;
import ai.novai.tools.catalog.ToolCatalog;
import ai.novai.tools.catalog.ToolSource;
import ai.novai.tools.config.ToolsConfig;
import ai.novai.tools.config.ToolsRegistry;
import ai.novai.tools.execution.ToolExecutor;
import ai.novai.tools.mcp.McpServers;
import ai.novai.tools.mcp.McpSettings;
import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;

/**
 * The tools service: server-side tools for the gateway over gRPC, the built-ins and those of the MCP servers
 * the registry's {@code tools} section lists, each within its limits.
 */
public final class ToolsMain {

    private ToolsMain() {
    }

    /**
     * Starts the service with {@code application.yaml} and environment overrides.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        LogConfig.configureRuntime();
        TracingBootstrap.install("novai-tools");
        // SIGTERM: NOT_SERVING, refuse new calls, drain those in flight, then stop
        Drain.onTermination("tools", start(Config.create())::shutdown);
    }

    /**
     * Starts the service with the given configuration.
     *
     * @param config root configuration
     * @return the running server
     */
    public static GrpcBackendServer start(Config config) {
        return start(config, System.getenv());
    }

    /**
     * Starts the service with the given configuration and environment.
     *
     * @param config      root configuration
     * @param environment where MCP servers' {@code from-env} values are looked up
     * @return the running server; closing it also stops the MCP servers it started
     */
    public static GrpcBackendServer start(Config config, Map<String, String> environment) {
        return start(config, environment, HostResolver.SYSTEM);
    }

    /** Starts the service with a resolver of its own for {@code http_fetch} (tests bring a table). */
    static GrpcBackendServer start(Config config, Map<String, String> environment, HostResolver resolver) {
        ToolsConfig tools = ToolsRegistry.load(config);
        ServiceSettings settings = ServiceSettings.from(config.get("tools"));
        List<ToolSource> sources = new ArrayList<>();
        sources.add(BuiltinTools.create(tools, resolver, Clock.systemUTC()));
        McpServers servers = McpServers.start(tools.mcpServers(), environment,
                                              McpSettings.from(config.get("tools.mcp")), settings.startupWait());
        sources.addAll(servers.supervisors());
        ToolCatalog catalog = new ToolCatalog(sources);
        ToolExecutor executor = new ToolExecutor(catalog, settings.maxArgumentsBytes());
        // closed in order once the server stopped: executions still running, then the MCP servers
        return GrpcBackendServer.start("tools", config, List.of(new ToolExecutionGrpcService(catalog, executor)),
                                       List.of(executor, servers));
    }
}
