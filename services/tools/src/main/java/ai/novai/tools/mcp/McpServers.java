package ai.novai.tools.mcp;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import ai.novai.tools.config.McpServerConfig;

/**
 * The supervisors of every configured MCP server, started together. Start-up waits a while for their first
 * connections, so that a freshly started service offers their tools; a server that is down does not stop the
 * service, it keeps being retried in the background.
 */
public final class McpServers implements AutoCloseable {

    private static final System.Logger LOGGER = System.getLogger(McpServers.class.getName());

    private final List<McpServerSupervisor> supervisors;

    private McpServers(List<McpServerSupervisor> supervisors) {
        this.supervisors = supervisors;
    }

    /**
     * Starts a supervisor per server and waits for their first attempts.
     *
     * @param servers     the registry's servers
     * @param environment where {@code from-env} values are looked up
     * @param settings    how connections are run
     * @param startupWait the longest wait for first attempts
     */
    public static McpServers start(List<McpServerConfig> servers, Map<String, String> environment,
                                   McpSettings settings, Duration startupWait) {
        List<McpServerSupervisor> supervisors = servers.stream()
                .map(server -> new McpServerSupervisor(server, environment, settings))
                .toList();
        supervisors.forEach(McpServerSupervisor::start);
        try {
            CompletableFuture.allOf(supervisors.stream().map(McpServerSupervisor::firstAttempt)
                                            .toArray(CompletableFuture[]::new))
                    .get(startupWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOGGER.log(System.Logger.Level.WARNING, "some MCP servers are not connected after " + startupWait
                    + "; serving without their tools until they connect");
        } catch (ExecutionException e) {
            throw new IllegalStateException("a first attempt completes normally", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new McpServers(supervisors);
    }

    /** The supervisors, in the registry's order. */
    public List<McpServerSupervisor> supervisors() {
        return supervisors;
    }

    /** Stops every server. */
    @Override
    public void close() {
        supervisors.forEach(McpServerSupervisor::close);
    }
}
