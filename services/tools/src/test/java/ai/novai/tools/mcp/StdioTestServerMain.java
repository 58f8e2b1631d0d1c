package ai.novai.tools.mcp;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;

/**
 * A stdio MCP server of {@link TestMcpServer}'s tools, for the service to start as a process:
 * {@code java -cp <test classpath> ai.novai.tools.mcp.StdioTestServerMain}. It writes a line to stderr at start.
 */
public final class StdioTestServerMain {

    private StdioTestServerMain() {
    }

    /**
     * Serves until stdin closes.
     *
     * @param args ignored
     */
    public static void main(String[] args) throws InterruptedException {
        System.err.println("test MCP server started, GREETING=" + System.getenv("GREETING"));
        TestMcpServer.build(McpServer.sync(new StdioServerTransportProvider(McpTransports.JSON)));
        Thread.currentThread().join();
    }
}
