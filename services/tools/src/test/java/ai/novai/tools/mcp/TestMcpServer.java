package ai.novai.tools.mcp;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;

/**
 * The tools of the MCP servers the tests run (stdio and Streamable HTTP), built with the MCP SDK's server:
 * {@code echo}, {@code sleep}, {@code big}, {@code image}, {@code fail}, {@code grow} (adds a tool and sends
 * {@code notifications/tools/list_changed}), {@code crash} (the process exits), and one whose name is too long.
 */
public final class TestMcpServer {

    /** A tool name the service must leave out: label + "__" + it is longer than 64 characters. */
    public static final String LONG_NAME = "x".repeat(70);

    private TestMcpServer() {
    }

    /** Builds and starts a server on a sync specification. */
    public static McpSyncServer build(McpServer.SyncSpecification<?> spec) {
        AtomicReference<McpSyncServer> server = new AtomicReference<>();
        McpSyncServer built = spec.serverInfo("novai-test-mcp", "1.0.0")
                .jsonMapper(McpTransports.JSON)
                .jsonSchemaValidator(new SchemaValidator())
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(tools(server))
                .build();
        server.set(built);
        return built;
    }

    private static List<SyncToolSpecification> tools(AtomicReference<McpSyncServer> server) {
        return List.of(
                tool("echo", "Echoes its text", Map.of("type", "object",
                        "properties", Map.of("text", Map.of("type", "string")),
                        "required", List.of("text")),
                     arguments -> text("echo: " + arguments.get("text"))),
                tool("sleep", "Sleeps", Map.of("type", "object",
                        "properties", Map.of("ms", Map.of("type", "integer"))),
                     arguments -> {
                         try {
                             Thread.sleep(((Number) arguments.get("ms")).longValue());
                         } catch (InterruptedException e) {
                             Thread.currentThread().interrupt();
                         }
                         return text("slept");
                     }),
                tool("big", "Answers many bytes", Map.of("type", "object",
                        "properties", Map.of("bytes", Map.of("type", "integer"))),
                     arguments -> text("ü".repeat(((Number) arguments.get("bytes")).intValue() / 2))),
                tool("image", "Answers an image", Map.of("type", "object"),
                     arguments -> CallToolResult.builder()
                             .addContent(new McpSchema.ImageContent(null, "AAAAAAAA", "image/png"))
                             .addTextContent("a picture").build()),
                tool("fail", "Fails", Map.of("type", "object"),
                     arguments -> CallToolResult.builder().addTextContent("it broke").isError(true).build()),
                tool("grow", "Adds a tool", Map.of("type", "object"), arguments -> {
                    server.get().addTool(tool("extra", "Added later", Map.of("type", "object"),
                                              ignored -> text("extra!")));
                    server.get().notifyToolsListChanged();
                    return text("grown");
                }),
                tool("crash", "Exits the process", Map.of("type", "object"), arguments -> {
                    Runtime.getRuntime().halt(3);
                    return text("unreachable");
                }),
                tool(LONG_NAME, "Too long a name", Map.of("type", "object"), arguments -> text("no")));
    }

    private static SyncToolSpecification tool(String name, String description, Map<String, Object> schema,
                                              java.util.function.Function<Map<String, Object>, CallToolResult> call) {
        return SyncToolSpecification.builder()
                .tool(Tool.builder().name(name).description(description).inputSchema(schema).build())
                .callHandler((exchange, request) -> call.apply(request.arguments() == null ? Map.of()
                                                                       : request.arguments()))
                .build();
    }

    private static CallToolResult text(String text) {
        return CallToolResult.builder().addTextContent(text).build();
    }
}
