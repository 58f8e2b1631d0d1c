package ai.novai.tools.mcp;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * A Streamable HTTP MCP server of {@link TestMcpServer}'s tools: the SDK's servlet transport on embedded
 * Tomcat at {@code http://127.0.0.1:<port>/mcp}, recording each request's headers (names lower case).
 */
public final class McpTestHttpServer implements AutoCloseable {

    private final Tomcat tomcat;
    private final McpSyncServer server;
    private final List<Map<String, String>> requests;

    private McpTestHttpServer(Tomcat tomcat, McpSyncServer server, List<Map<String, String>> requests) {
        this.tomcat = tomcat;
        this.server = server;
        this.requests = requests;
    }

    /** Starts it on a free port. */
    public static McpTestHttpServer start() throws IOException, LifecycleException {
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(McpTransports.JSON)
                .mcpEndpoint("/mcp")
                .build();
        McpSyncServer server = TestMcpServer.build(McpServer.sync(transport));
        List<Map<String, String>> requests = new CopyOnWriteArrayList<>();

        Tomcat tomcat = new Tomcat();
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(0);
        String base = Files.createTempDirectory("tomcat-").toString();
        tomcat.setBaseDir(base);
        Context context = tomcat.addContext("", base);
        Wrapper wrapper = context.createWrapper();
        wrapper.setName("mcp");
        wrapper.setServlet(transport);
        wrapper.setLoadOnStartup(1);
        wrapper.setAsyncSupported(true);
        context.addChild(wrapper);
        context.addServletMappingDecoded("/*", "mcp");
        Filter recorder = (request, response, chain) -> {
            HttpServletRequest http = (HttpServletRequest) request;
            Map<String, String> headers = new TreeMap<>();
            Collections.list(http.getHeaderNames()).forEach(
                    name -> headers.put(name.toLowerCase(Locale.ROOT), http.getHeader(name)));
            requests.add(headers);
            chain.doFilter(request, response);
        };
        FilterDef filter = new FilterDef();
        filter.setFilter(recorder);
        filter.setFilterName("recorder");
        filter.setAsyncSupported("true");
        context.addFilterDef(filter);
        FilterMap mapping = new FilterMap();
        mapping.setFilterName("recorder");
        mapping.addURLPattern("/*");
        context.addFilterMap(mapping);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        tomcat.start();
        return new McpTestHttpServer(tomcat, server, requests);
    }

    /** Its port. */
    public int port() {
        return tomcat.getConnector().getLocalPort();
    }

    /** The headers of each request so far. */
    public List<Map<String, String>> requests() {
        return requests;
    }

    @Override
    public void close() throws LifecycleException {
        server.close();
        tomcat.stop();
        tomcat.destroy();
    }
}
