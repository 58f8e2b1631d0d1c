package ai.novai.gateway.mcp;

import java.util.List;

import ai.novai.gateway.billing.Metering;
import ai.novai.gateway.tools.ServerTools;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * {@code /mcp}: NovAI as an MCP server (Streamable HTTP, stateless), offering the server-side tools of the tools
 * service. The protocol is the SDK's stateless server; {@link HelidonStatelessTransport} carries it. A key lists
 * ({@code tools/list}) and calls ({@code tools/call}) only the tools it may run; {@code ApiKeyAuth} has
 * authenticated it before any message gets here.
 */
public final class McpEndpoint implements HttpService {

    /** Where the endpoint is served, beside {@code /v1}. */
    public static final String PATH = "/mcp";
    private static final String SERVER_NAME = "novai";
    private static final String SERVER_VERSION = "1.0.0";

    private final HelidonStatelessTransport transport;
    private final McpStatelessSyncServer server;
    private final McpToolRegistry tools;

    private McpEndpoint(HelidonStatelessTransport transport, McpStatelessSyncServer server, McpToolRegistry tools) {
        this.transport = transport;
        this.server = server;
        this.tools = tools;
    }

    /**
     * The endpoint with its SDK server.
     *
     * @param serverTools    the tools service's catalogue and executor
     * @param metering       admits each tool call against the key's RPM
     * @param allowedOrigins browser origins allowed to call it ({@code novai.cors.allowed-origins}); requests without
     *                       {@code Origin} (every non-browser client) are always allowed
     */
    public static McpEndpoint create(ServerTools serverTools, Metering metering, List<String> allowedOrigins) {
        McpJsonMapper jsonMapper = McpJsonDefaults.getMapper();
        HelidonStatelessTransport transport = new HelidonStatelessTransport(
                jsonMapper, DefaultServerTransportSecurityValidator.builder().allowedOrigins(allowedOrigins).build());
        McpToolRegistry registry = new McpToolRegistry(serverTools.catalog(), jsonMapper,
                                                       new McpToolCall(serverTools, metering, jsonMapper));
        McpStatelessSyncServer server = McpServer.sync(transport)
                .serverInfo(SERVER_NAME, SERVER_VERSION)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .jsonMapper(jsonMapper)
                // tool handlers run on the request's virtual thread, with its context
                .immediateExecution(true)
                // the tools service checks arguments against the schema, and its answer is metered and logged
                .validateToolInputs(false)
                .addToolFilter((context, tool) -> registry.offers(McpRequestContext.key(context), tool.name()))
                .build();
        return new McpEndpoint(transport, server, registry);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::post)
                .get("/", transport::notOffered)
                .delete("/", transport::notOffered);
    }

    private void post(ServerRequest request, ServerResponse response) {
        tools.refresh(server);
        transport.post(request, response);
    }
}
