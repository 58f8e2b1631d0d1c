package ai.novai.tools.mcp;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import ai.novai.common.telemetry.LogText;
import ai.novai.tools.catalog.ToolDefinition;
import ai.novai.tools.catalog.ToolInvoker;
import ai.novai.tools.catalog.ToolResult;
import ai.novai.tools.catalog.ToolSource;
import ai.novai.tools.config.McpServerConfig;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * Keeps one MCP server connected and offers its tools. A virtual thread connects (starting the process of a
 * stdio server), initializes, lists the tools, then waits until the connection is lost (the process exited,
 * or a call found the transport broken) and connects again after a back-off that doubles from
 * {@code restart-backoff} to {@code max-restart-backoff} while the server keeps failing. Meanwhile calls are
 * answered at once with an error result saying the server is unavailable, and the last list stays offered.
 * The list is replaced at each connection and on {@code notifications/tools/list_changed}.
 */
public final class McpServerSupervisor implements ToolSource, AutoCloseable {

    private static final System.Logger LOGGER = System.getLogger(McpServerSupervisor.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final McpServerConfig server;
    private final Map<String, String> environment;
    private final McpSettings settings;
    private final SchemaValidator validator = new SchemaValidator();
    private final CompletableFuture<Void> firstAttempt = new CompletableFuture<>();
    private volatile McpConnection connection;
    private volatile Map<String, ToolDefinition> tools = Map.of();
    private volatile boolean closed;
    private Thread loop;

    /**
     * A supervisor, not started.
     *
     * @param server      the server
     * @param environment where {@code from-env} values are looked up
     * @param settings    back-off, timeouts, message sizes
     */
    public McpServerSupervisor(McpServerConfig server, Map<String, String> environment, McpSettings settings) {
        this.server = server;
        this.environment = Map.copyOf(environment);
        this.settings = settings;
    }

    /** Starts connecting in the background. */
    public void start() {
        loop = Thread.ofVirtual().name("mcp-" + server.label()).start(this::supervise);
    }

    /** Completes when the first connection attempt succeeded or failed. */
    public CompletableFuture<Void> firstAttempt() {
        return firstAttempt;
    }

    @Override
    public String label() {
        return server.label();
    }

    @Override
    public boolean available() {
        return connection != null;
    }

    @Override
    public Collection<ToolDefinition> tools() {
        return tools.values();
    }

    @Override
    public Optional<ToolDefinition> find(String tool) {
        return Optional.ofNullable(tools.get(tool));
    }

    private void supervise() {
        Duration backoff = settings.restartBackoff();
        boolean failing = false;
        while (!closed) {
            McpConnection current = null;
            try {
                current = connect();
                connection = current;
                failing = false;
                LOGGER.log(System.Logger.Level.INFO, "mcp " + label() + " connected, " + tools.size() + " tools");
                firstAttempt.complete(null);
                current.awaitLoss();
                if (!closed) {
                    LOGGER.log(System.Logger.Level.WARNING, "mcp " + label() + " lost its connection; reconnecting");
                }
            } catch (InterruptedException e) {
                break;
            } catch (McpTransports.MissingValue e) {
                LOGGER.log(System.Logger.Level.WARNING, e.getMessage() + ": its tools are not offered");
                break;
            } catch (McpError e) {
                LOGGER.log(System.Logger.Level.WARNING, "mcp " + label() + " refused the connection: "
                        + LogText.oneLine(String.valueOf(e.getMessage())));
                failing = true;
            } catch (RuntimeException e) {
                // the SDK reports a process that would not start, a refused connection or an initialization
                // that timed out alike: the first of a streak with its stack, the rest in one line
                if (failing) {
                    LOGGER.log(System.Logger.Level.WARNING, "mcp " + label() + " still cannot connect: " + e);
                } else {
                    LOGGER.log(System.Logger.Level.WARNING, "mcp " + label() + " cannot connect; retrying", e);
                }
                failing = true;
            } finally {
                connection = null;
                if (current != null) {
                    current.close();
                }
                firstAttempt.complete(null);
            }
            if (current != null && current.age().compareTo(settings.maxRestartBackoff()) >= 0) {
                backoff = settings.restartBackoff();
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                break;
            }
            backoff = min(backoff.multipliedBy(2), settings.maxRestartBackoff());
        }
        firstAttempt.complete(null);
    }

    private McpConnection connect() {
        McpSyncClient client = McpClient.sync(McpTransports.create(server, environment, settings))
                .clientInfo(new McpSchema.Implementation("novai-tools", "1.0.0"))
                // a call is abandoned at its tool's limit first; this only frees what the SDK holds for it
                .requestTimeout(Duration.ofMillis(server.settings().timeoutMs()).plus(settings.connectTimeout()))
                .initializationTimeout(settings.connectTimeout())
                .jsonSchemaValidator(validator)
                .transportContextProvider(TraceContextCarrier::capture)
                .toolsChangeConsumer(this::replaceTools)
                .build();
        List<ProcessHandle> processes = List.of();
        try {
            if (server instanceof McpServerConfig.Stdio) {
                processes = ChildProcesses.start(client::initialize).processes();
            } else {
                client.initialize();
            }
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        McpConnection opened = new McpConnection(client, processes);
        try {
            tools = McpToolList.fetch(client, server, this::invoker);
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
        return opened;
    }

    private void replaceTools(List<McpSchema.Tool> listed) {
        tools = McpToolList.admit(listed, server, this::invoker);
        LOGGER.log(System.Logger.Level.INFO, "mcp " + label() + " changed its tools: " + tools.size() + " offered");
    }

    private ToolInvoker invoker(String tool) {
        return arguments -> call(tool, arguments);
    }

    private ToolResult call(String tool, ObjectNode arguments) throws InterruptedException {
        McpConnection current = connection;
        if (current == null || current.isLost()) {
            return unavailable();
        }
        try {
            return CallResults.toResult(current.client().callTool(
                    new McpSchema.CallToolRequest(tool, JSON.convertValue(arguments, MAP))));
        } catch (McpError e) {
            return ToolResult.error("MCP server " + label() + " answered an error: " + e.getMessage());
        } catch (RuntimeException e) {
            if (Thread.interrupted() || causedByInterrupt(e)) {
                throw new InterruptedException("the call was abandoned");
            }
            if (current.isLost()) {
                // the process exited (or another call found the transport broken) while this one waited
                return unavailable();
            }
            // not an answer of the server: the transport failed (a closed pipe, a refused connection)
            LOGGER.log(System.Logger.Level.WARNING, "mcp " + label() + " call of " + tool + " failed; reconnecting", e);
            current.lost();
            return unavailable();
        }
    }

    private ToolResult unavailable() {
        return ToolResult.error("MCP server " + label() + " is unavailable (not connected; the service keeps "
                                        + "reconnecting): try again later");
    }

    private static boolean causedByInterrupt(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Stops reconnecting and closes the connection (its process is stopped). */
    @Override
    public void close() {
        closed = true;
        if (loop != null) {
            loop.interrupt();
            try {
                loop.join(CLOSE_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        McpConnection current = connection;
        if (current != null) {
            current.close();
        }
    }
}
